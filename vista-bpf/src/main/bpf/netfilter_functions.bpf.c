// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Netfilter verdicts where kernel functions can be traced: a kprobe on the entry and a kretprobe on the
 * return of each table's function. ipt_do_table, ip6t_do_table and arpt_do_table(priv = struct xt_table *,
 * skb, state) run one legacy table; nft_do_chain(pkt, priv = struct nft_chain *) one nftables base chain.
 * The return value is the verdict (with an errno in its upper bits: a drop), the time between entry and
 * return the cost; a DROP carries the netfilter drop reason, as the link way's do; after a NAT table the tuple
 * is the one its connection's NAT gives (the hook rewrites the packet only after the table returns). Which
 * table it was comes from the arguments: its family and hook from the nf_hook_state, its name (and the
 * chain's) from the table, looked up in nf_func_tables, which user space fills with the tables it numbered; a
 * table it did not number (added later) is not reported.
 *
 * A kretprobe has no arguments, so the entry pushes a frame on a per-CPU stack and the return pops it:
 * tables run to completion on one CPU (with bottom halves off), and a table may run inside another
 * (a packet sent from within a hook), hence a stack. Every entry pushes, even for a packet the filters
 * leave out, to keep the stack balanced.
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "netfilter_event.h"
#include "kprobe_pointer.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define NF_VERDICT_MASK 0xff
#define NF_VERDICT_QBITS 16
#define NF_NAME_LEN 32
#define NF_FRAMES 4

/* Which table (by the numbering user space attached with) a function call ran. */
struct nf_func_table_key {
	__u8 family;
	__u8 hook;
	__u8 pad[2];
	char table[NF_NAME_LEN];
	char chain[NF_NAME_LEN]; /* the nftables base chain; empty for a legacy table */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, struct nf_func_table_key);
	__type(value, __u16);
} nf_func_tables SEC(".maps");

struct nf_frame {
	struct nf_pending pending;
	__u64 skb;
	__u8 reported; /* the packet passed the filters and the table is known */
	__u8 nat;      /* a NAT table: the hook applies the mapping it chooses after it returns */
	__u8 pad[6];
};

struct nf_stack {
	__u32 depth; /* may exceed NF_FRAMES: frames beyond are counted, not kept */
	__u32 pad;
	struct nf_frame frames[NF_FRAMES];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct nf_stack);
} nf_stacks SEC(".maps");

/* Pushes a frame for the call that starts now, filled when the packet is reported. */
static __always_inline void nf_func_entry(struct sk_buff *skb, const struct nf_hook_state *state,
					  struct nf_func_table_key *key, bool nat)
{
	__u32 zero = 0;
	struct nf_stack *stack = bpf_map_lookup_elem(&nf_stacks, &zero);
	struct nf_frame *frame;
	__u16 *table;
	__u32 depth;

	if (!stack)
		return;
	depth = stack->depth++;
	if (depth >= NF_FRAMES)
		return;
	frame = &stack->frames[depth];
	frame->reported = 0;
	key->family = BPF_CORE_READ(state, pf);
	key->hook = BPF_CORE_READ(state, hook);
	table = bpf_map_lookup_elem(&nf_func_tables, key);
	if (!table)
		return;
	skb = KERNEL_POINTER(sk_buff, skb);
	if (!nf_entering(skb, *table, key->family, key->hook, &frame->pending))
		return;
	frame->skb = (__u64)skb;
	frame->reported = 1;
	frame->nat = nat;
}

/* ipt_do_table(priv, skb, state), and ip6t_do_table and arpt_do_table alike */
SEC("kprobe")
int vista_nff_xt_entry(struct pt_regs *ctx)
{
	struct xt_table *table = (struct xt_table *)PT_REGS_PARM1(ctx);
	struct nf_func_table_key key = {};

	BPF_CORE_READ_STR_INTO(&key.table, table, name);
	/* iptable_nat's table is the only legacy one named nat */
	nf_func_entry((struct sk_buff *)PT_REGS_PARM2(ctx), (const struct nf_hook_state *)PT_REGS_PARM3(ctx), &key,
		      key.table[0] == 'n' && key.table[1] == 'a' && key.table[2] == 't' && key.table[3] == 0);
	return 0;
}

/* nft_do_chain(pkt, priv) */
SEC("kprobe")
int vista_nff_nft_entry(struct pt_regs *ctx)
{
	struct nft_pktinfo *pkt = (struct nft_pktinfo *)PT_REGS_PARM1(ctx);
	struct nft_chain *chain = (struct nft_chain *)PT_REGS_PARM2(ctx);
	/* nft_do_chain runs base chains: the chain is a member of its nft_base_chain, which has the chain's type */
	struct nft_base_chain *base = (void *)chain - bpf_core_field_offset(struct nft_base_chain, chain);
	struct nf_func_table_key key = {};
	bool nat = BPF_CORE_READ(base, type, type) == bpf_core_enum_value(enum nft_chain_types, NFT_CHAIN_T_NAT);

	bpf_probe_read_kernel_str(&key.table, sizeof(key.table), BPF_CORE_READ(chain, table, name));
	bpf_probe_read_kernel_str(&key.chain, sizeof(key.chain), BPF_CORE_READ(chain, name));
	nf_func_entry(BPF_CORE_READ(pkt, skb), BPF_CORE_READ(pkt, state), &key, nat);
	return 0;
}

/* The return of any of them: pops the call's frame and reports its verdict. */
SEC("kretprobe")
int vista_nff_return(struct pt_regs *ctx)
{
	__u32 zero = 0;
	struct nf_stack *stack = bpf_map_lookup_elem(&nf_stacks, &zero);
	struct nf_frame *frame;
	struct sk_buff *skb;
	__u32 depth, drop_reason;
	__u8 verdict;
	int ret;

	if (!stack || stack->depth == 0)
		return 0;
	depth = --stack->depth;
	if (depth >= NF_FRAMES)
		return 0;
	frame = &stack->frames[depth];
	if (!frame->reported)
		return 0;
	skb = KERNEL_POINTER(sk_buff, frame->skb);
	ret = PT_REGS_RC(ctx);
	verdict = ret & NF_VERDICT_MASK;
	/* NF_DROP_REASON (nft_do_chain's drop): the table freed the packet with the netfilter drop reason itself
	 * and returned NF_STOLEN with the errno above the verdict. Its fields are then read from freed memory,
	 * fault-safe; slab memory is not cleared on free unless the kernel is booted with init_on_free. */
	if (verdict == VISTA_NF_STOLEN && (ret >> NF_VERDICT_QBITS))
		verdict = VISTA_NF_DROP;
	drop_reason = verdict == VISTA_NF_DROP
			      ? bpf_core_enum_value(enum skb_drop_reason, SKB_DROP_REASON_NETFILTER_DROP) : 0;
	emit_verdict(skb, &frame->pending, verdict, drop_reason, VISTA_NF_WAY_FUNCTION,
		     frame->nat && verdict == VISTA_NF_ACCEPT);
	return 0;
}
