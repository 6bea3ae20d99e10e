/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What the kernel-function programs (fentry_functions.bpf.c, kprobe_functions.bpf.c) share: one
 * program per traced struct and argument position (1-5) reads its pointer argument into `arg`,
 * then emits with one of these.
 */
#ifndef VISTA_FUNCTION_EVENTS_H
#define VISTA_FUNCTION_EVENTS_H

#include "skb_event.h"
#include "sk_event.h"

#define EMIT_SKB(pos) emit_skb_event(ctx, (struct sk_buff *)arg, VISTA_SOURCE_SKB_FUNCTION, pos, \
				     bpf_get_func_ip(ctx), 0, 0)
#define EMIT_SK(pos) emit_sk_event(ctx, (struct sock *)arg, VISTA_SOURCE_SK_FUNCTION, pos, bpf_get_func_ip(ctx), 0, 0)

#endif /* VISTA_FUNCTION_EVENTS_H */
