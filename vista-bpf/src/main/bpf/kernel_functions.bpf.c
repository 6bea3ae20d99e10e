// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Tracing kernel functions that take a struct sk_buff * (packets) or a struct sock * (sockets):
 * for each backend and argument position (1-5) one program, which user space attaches to every
 * function whose pointer sits there: kprobe (one attachment per function), kprobe.multi (one link
 * per position), fentry (the program is copied per function: a tracing program has one target).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "skb_event.h"
#include "sk_event.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Each program below reads its pointer argument into `arg`, then emits with one of these. */
#define EMIT_SKB(pos) emit_skb_event(ctx, (struct sk_buff *)arg, VISTA_SOURCE_SKB_FUNCTION, pos, \
				     bpf_get_func_ip(ctx), 0, 0)
#define EMIT_SK(pos) emit_sk_event(ctx, (struct sock *)arg, pos, bpf_get_func_ip(ctx))

/* The three programs for KIND (skb or sk) at argument position POS. */
#define FUNCTION_PROGRAMS(kind, EMIT, pos)                                              \
	SEC("kprobe")                                                                   \
	int vista_kprobe_##kind##_##pos(struct pt_regs *ctx)                            \
	{                                                                               \
		__u64 arg = PT_REGS_PARM##pos(ctx);                                     \
		return EMIT(pos);                                                       \
	}                                                                               \
	SEC("kprobe.multi")                                                             \
	int vista_kmulti_##kind##_##pos(struct pt_regs *ctx)                            \
	{                                                                               \
		__u64 arg = PT_REGS_PARM##pos(ctx);                                     \
		return EMIT(pos);                                                       \
	}                                                                               \
	SEC("fentry")                                                                   \
	int vista_fentry_##kind##_##pos(__u64 *ctx)                                     \
	{                                                                               \
		__u64 arg = ctx[pos - 1];                                               \
		return EMIT(pos);                                                       \
	}

FUNCTION_PROGRAMS(skb, EMIT_SKB, 1)
FUNCTION_PROGRAMS(skb, EMIT_SKB, 2)
FUNCTION_PROGRAMS(skb, EMIT_SKB, 3)
FUNCTION_PROGRAMS(skb, EMIT_SKB, 4)
FUNCTION_PROGRAMS(skb, EMIT_SKB, 5)
FUNCTION_PROGRAMS(sk, EMIT_SK, 1)
FUNCTION_PROGRAMS(sk, EMIT_SK, 2)
FUNCTION_PROGRAMS(sk, EMIT_SK, 3)
FUNCTION_PROGRAMS(sk, EMIT_SK, 4)
FUNCTION_PROGRAMS(sk, EMIT_SK, 5)
