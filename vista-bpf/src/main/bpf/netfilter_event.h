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

#define VISTA_NFCT_INFOMASK 7UL
#define VISTA_IP_CT_IS_REPLY 3
#define VISTA_IPS_NAT_MASK ((1UL << 4) | (1UL << 5)) /* IPS_SRC_NAT | IPS_DST_NAT */

/*
 * Where a packet goes once the NAT its connection was given is applied: the tuple of the connection's other
 * direction, turned around. A NAT table only chooses the mapping (nf_nat_setup_info); the nat hook rewrites the
 * packet after the table returns, so the table's function returns with the packet as it was. Left as read from
 * the packet when the connection has no NAT.
 */
static __always_inline void nat_tuple(struct sk_buff *skb, struct vista_tuple *t)
{
	unsigned long nfct = BPF_CORE_READ(skb, _nfct);
	struct nf_conn *ct = (struct nf_conn *)(nfct & ~VISTA_NFCT_INFOMASK);
	struct nf_conntrack_tuple *other;

	if (!bpf_core_type_exists(struct nf_conn)) /* no conntrack in this kernel (or its module not loaded) */
		return;
	if (!ct || !t->l3 || !(BPF_CORE_READ(ct, status) & VISTA_IPS_NAT_MASK))
		return;
	other = (nfct & VISTA_NFCT_INFOMASK) >= VISTA_IP_CT_IS_REPLY
			? __builtin_preserve_access_index(&ct->tuplehash[0].tuple)
			: __builtin_preserve_access_index(&ct->tuplehash[1].tuple);
	bpf_core_read(&t->saddr, sizeof(t->saddr), &other->dst.u3);
	bpf_core_read(&t->daddr, sizeof(t->daddr), &other->src.u3);
	if (t->l4proto == IPPROTO_TCP || t->l4proto == IPPROTO_UDP) {
		t->sport = bpf_ntohs(BPF_CORE_READ(other, dst.u.all));
		t->dport = bpf_ntohs(BPF_CORE_READ(other, src.u.all));
	}
}

/*
 * Writes the verdict of the table the packet was pending in, seen by `way`; the packet's fields are read now,
 * its tuple as it will be after the NAT the table chose when `nat_pending` (a NAT table's function returning).
 */
static __always_inline void emit_verdict(struct sk_buff *skb, const struct nf_pending *pending, __u8 verdict,
					 __u32 drop_reason, __u8 way, bool nat_pending)
{
	struct vista_nf_event *rec = reserve_record(sizeof(*rec), VISTA_SOURCE_NETFILTER);

	if (!rec)
		return;
	__builtin_memset(rec, 0, sizeof(*rec));
	read_tuple(skb, &rec->event.tuple);
	if (nat_pending)
		nat_tuple(skb, &rec->event.tuple);
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
