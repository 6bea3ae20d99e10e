/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Events of kernel functions that take a struct sock *: the socket's namespace, mark, bound
 * device and addresses, under the same filters as packets (address, port, protocol, netns, mark).
 */
#ifndef VISTA_SK_EVENT_H
#define VISTA_SK_EVENT_H

#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "skb_event.h"

#define AF_INET 2
#define AF_INET6 10

/* ::ffff:a.b.c.d: an IPv6 socket (as Java opens by default) talking IPv4. */
static __always_inline bool v4_mapped(const __u8 *addr)
{
	const __u32 *words = (const __u32 *)addr;

	return words[0] == 0 && words[1] == 0 && words[2] == bpf_htonl(0x0000ffff);
}

static __always_inline void read_sock(struct sock *sk, struct vista_event *ev)
{
	struct vista_tuple *t = &ev->tuple;
	__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);

	ev->netns = BPF_CORE_READ(sk, __sk_common.skc_net.net, ns.inum);
	ev->mark = BPF_CORE_READ(sk, sk_mark);
	ev->ifindex = BPF_CORE_READ(sk, __sk_common.skc_bound_dev_if);
	t->l4proto = BPF_CORE_READ(sk, sk_protocol);
	t->sport = BPF_CORE_READ(sk, __sk_common.skc_num);
	if (!t->sport) /* unhashed on its way to CLOSE: the source port of its packets is still here */
		t->sport = bpf_ntohs(BPF_CORE_READ((struct inet_sock *)sk, inet_sport));
	t->dport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	if (family == AF_INET6) {
		BPF_CORE_READ_INTO(&t->daddr, sk, __sk_common.skc_v6_daddr); /* & : sizeof the whole array */
		if (!v4_mapped(t->daddr)) {
			ev->protocol = ETH_P_IPV6;
			t->l3 = 6;
			BPF_CORE_READ_INTO(&t->saddr, sk, __sk_common.skc_v6_rcv_saddr);
			return;
		}
		__builtin_memset(t->daddr, 0, sizeof(t->daddr));
	} else if (family != AF_INET) {
		return;
	}
	/* IPv4, or IPv4 through a dual-stack IPv6 socket: the kernel keeps the v4 addresses here too. */
	ev->protocol = ETH_P_IP;
	t->l3 = 4;
	BPF_CORE_READ_INTO((__u32 *)t->saddr, sk, __sk_common.skc_rcv_saddr);
	BPF_CORE_READ_INTO((__u32 *)t->daddr, sk, __sk_common.skc_daddr);
}

static __always_inline int emit_sk_event(void *ctx, struct sock *sk, __u16 position, __u64 func_ip)
{
	struct vista_event ev = {};

	if (!sk)
		return 0;
	read_sock(sk, &ev);
	stamp_task(&ev);
	/* The socket's own mark is both its skb mark and its sk mark; a pcap filter needs a packet. */
	if (!matches_filters(&CONFIG, &ev, ev.mark))
		return 0;
	ev.skb = (__u64)sk;
	ev.where = position;
	ev.source = VISTA_SOURCE_SK_FUNCTION;
	ev.func_ip = func_ip;
	return submit_event(ctx, &ev);
}

#endif /* VISTA_SK_EVENT_H */
