// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Tracing kernel functions that take a struct sk_buff * (packets) or a struct sock * (sockets)
 * with kprobes: one program per struct and argument position (1-5), which user space attaches to
 * every function whose pointer sits there. The kprobe.multi program lives apart
 * (kprobe_multi_functions.bpf.c): libbpf logs every relocation of every program in an object it
 * opens, and a trace loads one kind or the other. The fentry programs live apart too
 * (fentry_functions.bpf.c), so that they still load on kernels without bpf_rdonly_cast.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "function_events.h"
#include "kprobe_pointer.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* The kprobe program for KIND (skb or sk, a struct TAG *) at argument position POS. */
#define KPROBE_PROGRAM(kind, tag, EMIT, pos)                                            \
	SEC("kprobe")                                                                   \
	int vista_kprobe_##kind##_##pos(struct pt_regs *ctx)                            \
	{                                                                               \
		__u64 arg = (__u64)KERNEL_POINTER(tag, PT_REGS_PARM##pos(ctx));         \
		return EMIT(pos);                                                       \
	}

KPROBE_PROGRAM(skb, sk_buff, EMIT_SKB, 1)
KPROBE_PROGRAM(skb, sk_buff, EMIT_SKB, 2)
KPROBE_PROGRAM(skb, sk_buff, EMIT_SKB, 3)
KPROBE_PROGRAM(skb, sk_buff, EMIT_SKB, 4)
KPROBE_PROGRAM(skb, sk_buff, EMIT_SKB, 5)
KPROBE_PROGRAM(sk, sock, EMIT_SK, 1)
KPROBE_PROGRAM(sk, sock, EMIT_SK, 2)
KPROBE_PROGRAM(sk, sock, EMIT_SK, 3)
KPROBE_PROGRAM(sk, sock, EMIT_SK, 4)
KPROBE_PROGRAM(sk, sock, EMIT_SK, 5)
