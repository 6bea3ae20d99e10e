// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Tracing kernel functions that take a struct sk_buff * (packets) or a struct sock * (sockets)
 * with one kprobe.multi program and a single link for every function, whose attach cookie says
 * where its pointers are (detaching a link costs RCU grace periods, so one link detaches several
 * times faster than one per position, as kprobe_functions.bpf.c attaches). Its own object: libbpf
 * logs every relocation of every program in an object it opens, about a thousand lines for the
 * per-position programs that a kprobe.multi trace never loads, and each reaches Java through an
 * upcall (BENCHMARKS.md, issue 19).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "skb_event.h"
#include "sk_event.h"
#include "kprobe_pointer.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

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
		emit_skb_event(ctx, KERNEL_POINTER(sk_buff, kprobe_argument(ctx, skb_position)),
			       VISTA_SOURCE_SKB_FUNCTION, skb_position, bpf_get_func_ip(ctx), 0, 0);
	if (sk_position)
		emit_sk_event(ctx, KERNEL_POINTER(sock, kprobe_argument(ctx, sk_position)), VISTA_SOURCE_SK_FUNCTION,
			      sk_position, bpf_get_func_ip(ctx), 0, 0);
	return 0;
}
