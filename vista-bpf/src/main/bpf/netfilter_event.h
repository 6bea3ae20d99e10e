/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What both ways of observing netfilter verdicts share (netfilter_verdicts.bpf.c: netfilter links around
 * the tables; netfilter_functions.bpf.c: entry and return of the tables' kernel functions): the packet as
 * it was just before a table, and the record of the table's verdict.
 */
#ifndef VISTA_NETFILTER_EVENT_H
#define VISTA_NETFILTER_EVENT_H

#include "skb_event.h"

/* A packet a table is deciding about: what it was just before the table. */
struct nf_pending {
	__u64 ts_ns;
	struct vista_tuple tuple;
	__u16 table;
	__u8 family;
	__u8 hook;
	__u32 pad;
};

/*
 * Whether the packet about to enter a table passes the filters (or is followed); if so fills `pending`
 * with the packet as it is now, for the table numbered `table` at (family, hook).
 */
static __always_inline bool nf_entering(struct sk_buff *skb, __u16 table, __u8 family, __u8 hook,
					struct nf_pending *pending)
{
	struct vista_event ev = {};

	read_tuple(skb, &ev.tuple);
	if (!CONFIG.track_skb && !matches_tuple_filters(&CONFIG, &ev.tuple))
		return false;
	read_skb_meta(skb, &ev);
	stamp_task(&ev);
	if (!selected(&ev, skb))
		return false;
	pending->ts_ns = bpf_ktime_get_ns();
	pending->tuple = ev.tuple;
	pending->table = table;
	pending->family = family;
	pending->hook = hook;
	return true;
}

/* Writes the verdict of the table the packet was pending in, seen by `way`; the packet's fields are read now. */
static __always_inline void emit_verdict(struct sk_buff *skb, const struct nf_pending *pending, __u8 verdict,
					 __u32 drop_reason, __u8 way)
{
	struct vista_nf_event *rec = reserve_record(sizeof(*rec), VISTA_SOURCE_NETFILTER);

	if (!rec)
		return;
	__builtin_memset(rec, 0, sizeof(*rec));
	read_tuple(skb, &rec->event.tuple);
	read_skb_meta(skb, &rec->event);
	stamp_event(&rec->event);
	rec->event.skb = (__u64)skb;
	rec->event.source = VISTA_SOURCE_NETFILTER;
	rec->event.drop_reason = drop_reason;
	rec->nf.cost_ns = rec->event.ts_ns - pending->ts_ns;
	rec->nf.tuple_before = pending->tuple;
	rec->nf.table = pending->table;
	rec->nf.family = pending->family;
	rec->nf.hook = pending->hook;
	rec->nf.verdict = verdict;
	rec->nf.way = way;
	submit_record(rec, sizeof(*rec));
}

#endif /* VISTA_NETFILTER_EVENT_H */
