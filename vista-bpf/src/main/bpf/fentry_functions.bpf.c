// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Tracing kernel functions that take a struct sk_buff * (packets) or a struct sock * (sockets) with
 * fentry: one program per struct and argument position (1-5), which user space copies for every
 * function whose pointer sits there (a tracing program has one target). fentry arguments are typed
 * for the verifier, so the skb's fields are plain loads; this object needs no kfunc, and works from
 * Linux 5.11 (kprobe_functions.bpf.c needs 6.2).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "function_events.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define FENTRY_PROGRAM(kind, EMIT, pos)                                                 \
	SEC("fentry")                                                                   \
	int vista_fentry_##kind##_##pos(__u64 *ctx)                                     \
	{                                                                               \
		__u64 arg = ctx[pos - 1];                                               \
		return EMIT(pos);                                                       \
	}

FENTRY_PROGRAM(skb, EMIT_SKB, 1)
FENTRY_PROGRAM(skb, EMIT_SKB, 2)
FENTRY_PROGRAM(skb, EMIT_SKB, 3)
FENTRY_PROGRAM(skb, EMIT_SKB, 4)
FENTRY_PROGRAM(skb, EMIT_SKB, 5)
FENTRY_PROGRAM(sk, EMIT_SK, 1)
FENTRY_PROGRAM(sk, EMIT_SK, 2)
FENTRY_PROGRAM(sk, EMIT_SK, 3)
FENTRY_PROGRAM(sk, EMIT_SK, 4)
FENTRY_PROGRAM(sk, EMIT_SK, 5)
