/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Socket events, from the sock and tcp tracepoints and from kernel functions that take a struct
 * sock *: the socket's namespace, mark, bound device, addresses and the struct sock's fields, under
 * the filters that apply to sockets (address, port, protocol, netns, mark, task).
 */
#ifndef VISTA_SK_EVENT_H
#define VISTA_SK_EVENT_H

#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "vista_ring.h"
#include "skb_filter.h"
#include "skb_tuple.h"

#define AF_UNIX 1
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

/* The fields of the struct sock and its struct socket that --output-sk prints. */
static __always_inline void read_sk_info(struct sock *sk, struct vista_sk_info *info)
{
	struct socket *sock = BPF_CORE_READ(sk, sk_socket);

	info->family = BPF_CORE_READ(sk, __sk_common.skc_family);
	info->state = BPF_CORE_READ(sk, __sk_common.skc_state);
	info->type = BPF_CORE_READ(sk, sk_type);
	info->rcvbuf = BPF_CORE_READ(sk, sk_rcvbuf);
	info->sndbuf = BPF_CORE_READ(sk, sk_sndbuf);
	info->priority = BPF_CORE_READ(sk, sk_priority);
	info->reuseport = BPF_CORE_READ_BITFIELD_PROBED(sk, __sk_common.skc_reuseport);
	info->backlog = BPF_CORE_READ(sk, sk_backlog.len);
	if (sock) {
		info->socket_state = BPF_CORE_READ(sock, state);
		info->socket_flags = BPF_CORE_READ(sock, flags);
		info->inode = BPF_CORE_READ((struct socket_alloc *)sock, vfs_inode.i_ino);
	}
}

/* A socket record in ring memory (not zeroed): the header read before filtering, then the sock fields. */
static __always_inline void fill_sk_event(struct vista_sk_event *rec, const struct vista_event *ev, struct sock *sk,
					  __u8 old_state, __u8 new_state)
{
	rec->event = *ev;
	__builtin_memset(&rec->sk, 0, sizeof(rec->sk));
	read_sk_info(sk, &rec->sk);
	rec->sk.old_state = old_state;
	rec->sk.new_state = new_state;
}

/*
 * One socket event, from a tracepoint or a kernel function: the struct sock's addresses and fields,
 * under the filters that apply to sockets (not the interface, not the pcap filter), with the kernel
 * stack after the sock fields when asked. old_state/new_state: inet_sock_set_state only. Written in
 * place into the ring (no per-CPU scratch that a program in softirq could overwrite midway).
 */
static __always_inline int emit_sk_event(void *ctx, struct sock *sk, __u8 source, __u16 where, __u64 func_ip,
					 __u8 old_state, __u8 new_state)
{
	struct vista_event ev = {};

	if (!sk)
		return 0;
	read_sock(sk, &ev);
	stamp_task(&ev);
	/* The socket's own mark is both its skb mark and its sk mark. */
	if (!matches_socket_filters(&CONFIG, &ev, ev.mark))
		return 0;
	stamp_time(&ev);
	ev.skb = (__u64)sk;
	ev.where = where;
	ev.source = source;
	ev.func_ip = func_ip;
	if (wants_stack(source, where)) {
		struct vista_sk_event_with_stack *rec = reserve_record(sizeof(*rec), source);

		if (!rec)
			return 0;
		ev.stack_depth = read_stack(ctx, rec->stack);
		fill_sk_event(&rec->sk_event, &ev, sk, old_state, new_state);
		submit_record(rec, sizeof(*rec));
		return 0;
	}
	struct vista_sk_event *rec = reserve_record(sizeof(*rec), source);

	if (!rec)
		return 0;
	fill_sk_event(rec, &ev, sk, old_state, new_state);
	submit_record(rec, sizeof(*rec));
	return 0;
}

#endif /* VISTA_SK_EVENT_H */
