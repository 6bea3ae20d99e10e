// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Netfilter verdicts without kernel-function probes: netfilter BPF links (6.4+) just before and just
 * after each table of interest at its hook (its priority - 1 and + 1; user space numbers the tables and
 * attaches vista_nf_before_N / vista_nf_after_N around table N). A packet that passes the filters
 * before a table is remembered (nf_pending); seen after it, the table accepted it; freed in between
 * with the netfilter drop reason, the table dropped it; freed otherwise, or seen before another table
 * first, the table stole (or queued) it. One record per verdict, with the time from before to verdict.
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include "tp_btf_section.h"
#include "netfilter_event.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define NF_ACCEPT 1
#define NF_TABLES 32

/* By skb address. LRU: a packet whose verdict was never seen (e.g. queued and not reinjected) ages out. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, MAX_TRACKED_SKBS);
	__type(key, __u64);
	__type(value, struct nf_pending);
} nf_pending SEC(".maps");

/* Just before table `table`: remembers a packet that passes the filters (or is followed). */
static __always_inline int nf_before(struct bpf_nf_ctx *ctx, __u16 table)
{
	struct sk_buff *skb = ctx->skb;
	__u64 key = (__u64)skb;
	struct nf_pending *earlier = bpf_map_lookup_elem(&nf_pending, &key);
	struct nf_pending pending = {};

	/* Still pending in another table: that table took the packet and it came back (re-injected). */
	if (earlier && earlier->table != table)
		emit_verdict(skb, earlier, VISTA_NF_STOLEN, 0, VISTA_NF_WAY_LINK, false);
	if (!nf_entering(skb, table, ctx->state->pf, ctx->state->hook, &pending))
		return NF_ACCEPT;
	bpf_map_update_elem(&nf_pending, &key, &pending, BPF_ANY);
	return NF_ACCEPT;
}

/* Just after table `table`: the table let the packet pass. */
static __always_inline int nf_after(struct bpf_nf_ctx *ctx, __u16 table)
{
	struct sk_buff *skb = ctx->skb;
	__u64 key = (__u64)skb;
	struct nf_pending *pending = bpf_map_lookup_elem(&nf_pending, &key);

	if (pending && pending->table == table) {
		emit_verdict(skb, pending, VISTA_NF_ACCEPT, 0, VISTA_NF_WAY_LINK, false);
		bpf_map_delete_elem(&nf_pending, &key);
	}
	return NF_ACCEPT;
}

/* The end of a packet pending in a table: dropped by it (the netfilter drop reason) or taken by it. */
static __always_inline int nf_freed(struct sk_buff *skb, __u32 drop_reason)
{
	__u64 key = (__u64)skb;
	struct nf_pending *pending = bpf_map_lookup_elem(&nf_pending, &key);
	bool dropped = drop_reason == bpf_core_enum_value(enum skb_drop_reason, SKB_DROP_REASON_NETFILTER_DROP);

	if (CONFIG.track_skb)
		bpf_map_delete_elem(&tracked_skbs, &key);
	if (!pending)
		return 0;
	emit_verdict(skb, pending, dropped ? VISTA_NF_DROP : VISTA_NF_STOLEN, drop_reason, VISTA_NF_WAY_LINK, false);
	bpf_map_delete_elem(&nf_pending, &key);
	return 0;
}

/* kfree_skb(skb, location, reason, ...) */
VISTA_TP_BTF(kfree_skb)
int vista_nf_kfree_skb(__u64 *ctx)
{
	return nf_freed((struct sk_buff *)ctx[0], (__u32)ctx[2]);
}

/* consume_skb(skb, location) */
VISTA_TP_BTF(consume_skb)
int vista_nf_consume_skb(__u64 *ctx)
{
	return nf_freed((struct sk_buff *)ctx[0], 0);
}

/* The pair of observers around table N. libbpf 1.1 does not know the netfilter section: user space sets
 * the program type (BPF_PROG_TYPE_NETFILTER) and attach type (BPF_NETFILTER) before load. */
#define NF_TABLE(n)                                                                                  \
	SEC("netfilter")                                                                             \
	int vista_nf_before_##n(struct bpf_nf_ctx *ctx)                                              \
	{                                                                                            \
		return nf_before(ctx, n);                                                            \
	}                                                                                            \
	SEC("netfilter")                                                                             \
	int vista_nf_after_##n(struct bpf_nf_ctx *ctx)                                               \
	{                                                                                            \
		return nf_after(ctx, n);                                                             \
	}

NF_TABLE(0) NF_TABLE(1) NF_TABLE(2) NF_TABLE(3) NF_TABLE(4) NF_TABLE(5) NF_TABLE(6) NF_TABLE(7)
NF_TABLE(8) NF_TABLE(9) NF_TABLE(10) NF_TABLE(11) NF_TABLE(12) NF_TABLE(13) NF_TABLE(14) NF_TABLE(15)
NF_TABLE(16) NF_TABLE(17) NF_TABLE(18) NF_TABLE(19) NF_TABLE(20) NF_TABLE(21) NF_TABLE(22) NF_TABLE(23)
NF_TABLE(24) NF_TABLE(25) NF_TABLE(26) NF_TABLE(27) NF_TABLE(28) NF_TABLE(29) NF_TABLE(30) NF_TABLE(31)
