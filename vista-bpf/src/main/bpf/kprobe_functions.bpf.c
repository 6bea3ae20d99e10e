// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Tracing kernel functions that take a struct sk_buff * (packets) or a struct sock * (sockets)
 * with kprobes: kprobe has one program per struct and argument position (1-5), which user space
 * attaches to every function whose pointer sits there; kprobe.multi has a single program and a
 * single link for every function, whose attach cookie says where its pointers are (detaching a link
 * costs RCU grace periods, so one link detaches several times faster than one per position).
 *
 * A kprobe's arguments are bare numbers in registers, which bpf_rdonly_cast types (Linux 6.2+;
 * verified into a plain move), so emit_skb_event() reads the skb's fields with plain loads as the
 * tp_btf and fentry programs do. The fentry programs live apart (fentry_functions.bpf.c), so that
 * they still load on kernels without the kfunc.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "function_events.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym;

/* A kernel pointer from a kprobe's register, typed as TYPE for the verifier (read-only, fault-safe). */
#define KERNEL_POINTER(type, value) ((type *)bpf_rdonly_cast((void *)(value), bpf_core_type_id_kernel(type)))

/* The kprobe program for KIND (skb or sk, a TYPE *) at argument position POS. */
#define KPROBE_PROGRAM(kind, type, EMIT, pos)                                           \
	SEC("kprobe")                                                                   \
	int vista_kprobe_##kind##_##pos(struct pt_regs *ctx)                            \
	{                                                                               \
		__u64 arg = (__u64)KERNEL_POINTER(type, PT_REGS_PARM##pos(ctx));        \
		return EMIT(pos);                                                       \
	}

KPROBE_PROGRAM(skb, struct sk_buff, EMIT_SKB, 1)
KPROBE_PROGRAM(skb, struct sk_buff, EMIT_SKB, 2)
KPROBE_PROGRAM(skb, struct sk_buff, EMIT_SKB, 3)
KPROBE_PROGRAM(skb, struct sk_buff, EMIT_SKB, 4)
KPROBE_PROGRAM(skb, struct sk_buff, EMIT_SKB, 5)
KPROBE_PROGRAM(sk, struct sock, EMIT_SK, 1)
KPROBE_PROGRAM(sk, struct sock, EMIT_SK, 2)
KPROBE_PROGRAM(sk, struct sock, EMIT_SK, 3)
KPROBE_PROGRAM(sk, struct sock, EMIT_SK, 4)
KPROBE_PROGRAM(sk, struct sock, EMIT_SK, 5)

/*
 * The argument at a position known only at run time. All five registers are read first: reads
 * inside the switch compile to one load at a computed offset into ctx, which the verifier refuses.
 */
static __always_inline __u64 kprobe_argument(struct pt_regs *ctx, __u32 position)
{
	__u64 arg1 = PT_REGS_PARM1(ctx), arg2 = PT_REGS_PARM2(ctx), arg3 = PT_REGS_PARM3(ctx);
	__u64 arg4 = PT_REGS_PARM4(ctx), arg5 = PT_REGS_PARM5(ctx);

	barrier_var(arg1);
	barrier_var(arg2);
	barrier_var(arg3);
	barrier_var(arg4);
	barrier_var(arg5);
	switch (position) {
	case 1: return arg1;
	case 2: return arg2;
	case 3: return arg3;
	case 4: return arg4;
	case 5: return arg5;
	default: return 0;
	}
}

SEC("kprobe.multi")
int vista_kmulti(struct pt_regs *ctx)
{
	__u64 cookie = bpf_get_attach_cookie(ctx);
	__u32 skb_position = (cookie >> VISTA_KMULTI_SKB_SHIFT) & VISTA_KMULTI_POSITION_MASK;
	__u32 sk_position = (cookie >> VISTA_KMULTI_SK_SHIFT) & VISTA_KMULTI_POSITION_MASK;

	if (skb_position)
		emit_skb_event(ctx, KERNEL_POINTER(struct sk_buff, kprobe_argument(ctx, skb_position)),
			       VISTA_SOURCE_SKB_FUNCTION, skb_position, bpf_get_func_ip(ctx), 0, 0);
	if (sk_position)
		emit_sk_event(ctx, KERNEL_POINTER(struct sock, kprobe_argument(ctx, sk_position)), VISTA_SOURCE_SK_FUNCTION,
			      sk_position, bpf_get_func_ip(ctx), 0, 0);
	return 0;
}
