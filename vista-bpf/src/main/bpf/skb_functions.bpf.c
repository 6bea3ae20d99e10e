// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Packet tracing on kernel functions that take a struct sk_buff *: one program per backend and
 * argument position (1-5), attached by user space to every function whose skb sits there:
 * kprobe (one attachment per function), kprobe.multi (one link per position), fentry (the
 * program is cloned per function, since a tracing program has exactly one target).
 * Everything goes through emit_skb_event() (skb_event.h) with the function's address.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "skb_event.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define SKB_KPROBES(pos)                                                                        \
	SEC("kprobe")                                                                           \
	int vista_kprobe_skb_##pos(struct pt_regs *ctx)                                         \
	{                                                                                       \
		return emit_skb_event(ctx, (struct sk_buff *)PT_REGS_PARM##pos(ctx),            \
				      VISTA_SOURCE_SKB_FUNCTION, pos, bpf_get_func_ip(ctx), 0, 0); \
	}                                                                                       \
	SEC("kprobe.multi")                                                                     \
	int vista_kmulti_skb_##pos(struct pt_regs *ctx)                                         \
	{                                                                                       \
		return emit_skb_event(ctx, (struct sk_buff *)PT_REGS_PARM##pos(ctx),            \
				      VISTA_SOURCE_SKB_FUNCTION, pos, bpf_get_func_ip(ctx), 0, 0); \
	}                                                                                       \
	SEC("fentry")                                                                           \
	int vista_fentry_skb_##pos(__u64 *ctx)                                                  \
	{                                                                                       \
		return emit_skb_event(ctx, (struct sk_buff *)ctx[pos - 1],                      \
				      VISTA_SOURCE_SKB_FUNCTION, pos, bpf_get_func_ip(ctx), 0, 0); \
	}

SKB_KPROBES(1)
SKB_KPROBES(2)
SKB_KPROBES(3)
SKB_KPROBES(4)
SKB_KPROBES(5)
