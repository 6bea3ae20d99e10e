/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The filters of vista_config, applied in the kernel so only matching events reach user space. */
#ifndef VISTA_SKB_FILTER_H
#define VISTA_SKB_FILTER_H

#include "vmlinux.h"
#include "vista_event.h"

static __always_inline bool addr_equal(const __u8 *a, const __u8 *b, __u8 l3)
{
	if (l3 == 4)
		return *(__u32 *)a == *(__u32 *)b;
	return ((__u64 *)a)[0] == ((__u64 *)b)[0] && ((__u64 *)a)[1] == ((__u64 *)b)[1];
}

static __always_inline bool matches_filters(const volatile struct vista_config *cfg,
					    const struct vista_event *ev)
{
	const struct vista_tuple *t = &ev->tuple;

	if (cfg->netns && cfg->netns != ev->netns)
		return false;
	if (cfg->filter_mark && cfg->mark != ev->mark)
		return false;
	if (cfg->ifname[0]) {
		const __u64 *want = (const __u64 *)cfg->ifname, *got = (const __u64 *)ev->ifname;
		if (want[0] != got[0] || want[1] != got[1])
			return false;
	}
	if (cfg->l4proto && cfg->l4proto != t->l4proto)
		return false;
	if (cfg->port && cfg->port != t->sport && cfg->port != t->dport)
		return false;
	if (cfg->addr_l3) {
		__u8 want[16];
		__builtin_memcpy(want, (const void *)cfg->addr, sizeof(want));
		if (t->l3 != cfg->addr_l3 ||
		    (!addr_equal(want, t->saddr, t->l3) && !addr_equal(want, t->daddr, t->l3)))
			return false;
	}
	return true;
}

#endif /* VISTA_SKB_FILTER_H */
