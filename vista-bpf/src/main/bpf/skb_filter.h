/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The filters of vista_config, applied in the kernel so only matching events reach user space. */
#ifndef VISTA_SKB_FILTER_H
#define VISTA_SKB_FILTER_H

#include "vmlinux.h"
#include "vista_event.h"

/*
 * The configuration is a volatile const: every read of it must stay volatile, or clang folds it to
 * the zeros it was compiled with instead of the values user space wrote before load.
 */
static __always_inline bool addr_equal(const volatile __u8 *want, const __u8 *got, __u8 l3)
{
	const volatile __u32 *w = (const volatile __u32 *)want;
	const __u32 *g = (const __u32 *)got;

	if (l3 == 4)
		return w[0] == g[0];
	return w[0] == g[0] && w[1] == g[1] && w[2] == g[2] && w[3] == g[3];
}

/* Interface names and comms: 16 bytes, NUL-padded. */
static __always_inline bool name_equal(const volatile char *want, const char *got)
{
	const volatile __u64 *w = (const volatile __u64 *)want;
	const __u64 *g = (const __u64 *)got;

	return w[0] == g[0] && w[1] == g[1];
}

static __always_inline bool is_icmp(__u8 l4proto)
{
	return l4proto == IPPROTO_ICMP || l4proto == 58 /* IPPROTO_ICMPV6 */;
}

/* The task filters; ev->pid and ev->comm are stamped before filtering. */
static __always_inline bool matches_task(const volatile struct vista_config *cfg, const struct vista_event *ev)
{
	if (cfg->pid && cfg->pid != ev->pid)
		return false;
	if (cfg->comm[0] && !name_equal(cfg->comm, ev->comm))
		return false;
	return true;
}

/* The filters on the tuple alone: protocol, port, address, ICMP id. */
static __always_inline bool matches_tuple_filters(const volatile struct vista_config *cfg, const struct vista_tuple *t)
{
	if (cfg->filter_icmp_id && (!is_icmp(t->l4proto) || cfg->icmp_id != t->icmp_id))
		return false;
	if (cfg->l4proto && cfg->l4proto != t->l4proto)
		return false;
	if (cfg->port && cfg->port != t->sport && cfg->port != t->dport)
		return false;
	if (cfg->addr_l3 && (t->l3 != cfg->addr_l3 || (!addr_equal(cfg->addr, t->saddr, t->l3) &&
						       !addr_equal(cfg->addr, t->daddr, t->l3))))
		return false;
	return true;
}

/* The filters that apply to sockets as well as packets: all but the interface and the pcap filter. */
static __always_inline bool matches_socket_filters(const volatile struct vista_config *cfg,
						   const struct vista_event *ev, __u32 sk_mark)
{
	if (cfg->netns && cfg->netns != ev->netns)
		return false;
	if (cfg->filter_sk_mark && cfg->sk_mark != sk_mark)
		return false;
	if (!matches_task(cfg, ev))
		return false;
	if (cfg->filter_mark && cfg->mark != ev->mark)
		return false;
	return matches_tuple_filters(cfg, &ev->tuple);
}

/* All but the pcap filter; sk_mark is the mark of the packet's socket (0 without one). */
static __always_inline bool matches_filters(const volatile struct vista_config *cfg,
					    const struct vista_event *ev, __u32 sk_mark)
{
	if (cfg->ifname[0] && !name_equal(cfg->ifname, ev->ifname))
		return false;
	return matches_socket_filters(cfg, ev, sk_mark);
}

#endif /* VISTA_SKB_FILTER_H */
