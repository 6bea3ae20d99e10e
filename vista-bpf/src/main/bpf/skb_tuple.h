/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The L3/L4 tuple of an skb (IPv4, IPv6 with extension headers, TCP, UDP, ICMP, ICMPv6). */
#ifndef VISTA_SKB_TUPLE_H
#define VISTA_SKB_TUPLE_H

#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>
#include "vista_event.h"

#define ETH_HLEN 14
#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD
#define IP_OFFSET_MASK 0x1fff
#define IPV6_EXT_HEADERS_MAX 4
/* IPv6 protocol numbers are macros in <linux/in6.h>, so vmlinux.h does not carry them. */
#define IPPROTO_HOPOPTS 0
#define IPPROTO_ROUTING 43
#define IPPROTO_FRAGMENT 44
#define IPPROTO_ICMPV6 58
#define IPPROTO_DSTOPTS 60

/* Network header offset from skb->head; falls back to just after the MAC header when the
 * network header has not been set yet (receive path before the IP layer). */
static __always_inline __u16 l3_offset(struct sk_buff *skb, void *head)
{
	__u16 l3 = BPF_CORE_READ(skb, network_header);
	__u16 mac = BPF_CORE_READ(skb, mac_header);
	__u8 vhl = 0;

	bpf_probe_read_kernel(&vhl, 1, head + l3);
	if ((vhl >> 4) == 4 || (vhl >> 4) == 6)
		return l3;
	if (mac != (__u16)~0U)
		return mac + ETH_HLEN;
	return l3;
}

/* Skips IPv6 extension headers; returns the upper-layer protocol and moves *off past them. */
static __always_inline __u8 skip_ipv6_ext(void *head, __u16 *off, __u8 nexthdr)
{
	struct ipv6_opt_hdr opt;

#pragma unroll
	for (int i = 0; i < IPV6_EXT_HEADERS_MAX; i++) {
		switch (nexthdr) {
		case IPPROTO_HOPOPTS:
		case IPPROTO_ROUTING:
		case IPPROTO_DSTOPTS:
			if (bpf_probe_read_kernel(&opt, sizeof(opt), head + *off))
				return nexthdr;
			*off += (opt.hdrlen + 1) * 8;
			nexthdr = opt.nexthdr;
			break;
		case IPPROTO_FRAGMENT: {
			struct frag_hdr frag;
			if (bpf_probe_read_kernel(&frag, sizeof(frag), head + *off))
				return nexthdr;
			*off += sizeof(frag);
			/* Only the first fragment carries the L4 header. */
			if (bpf_ntohs(frag.frag_off) & ~0x7)
				return IPPROTO_FRAGMENT;
			nexthdr = frag.nexthdr;
			break;
		}
		default:
			return nexthdr;
		}
	}
	return nexthdr;
}

static __always_inline void read_l4(void *head, __u16 off, struct vista_tuple *t)
{
	switch (t->l4proto) {
	case IPPROTO_TCP: {
		struct tcphdr tcp;
		if (bpf_probe_read_kernel(&tcp, sizeof(tcp), head + off))
			return;
		t->sport = bpf_ntohs(tcp.source);
		t->dport = bpf_ntohs(tcp.dest);
		t->tcp_flags = ((__u8 *)&tcp)[13];
		return;
	}
	case IPPROTO_UDP: {
		struct udphdr udp;
		if (bpf_probe_read_kernel(&udp, sizeof(udp), head + off))
			return;
		t->sport = bpf_ntohs(udp.source);
		t->dport = bpf_ntohs(udp.dest);
		return;
	}
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6: {
		/* Same first 8 bytes for both: type, code, checksum, id, sequence. */
		struct icmphdr icmp;
		if (bpf_probe_read_kernel(&icmp, sizeof(icmp), head + off))
			return;
		t->icmp_type = icmp.type;
		t->icmp_code = icmp.code;
		t->icmp_id = bpf_ntohs(icmp.un.echo.id);
		t->icmp_seq = bpf_ntohs(icmp.un.echo.sequence);
		return;
	}
	}
}

/* Reads the tuple of an IP packet; other skbs (ARP, netlink, ...) are left with l3 = 0. */
static __always_inline void read_tuple(struct sk_buff *skb, struct vista_tuple *t)
{
	__u16 proto = bpf_ntohs(BPF_CORE_READ(skb, protocol));
	void *head = BPF_CORE_READ(skb, head);
	__u16 off;
	__u8 vhl = 0;

	if (proto != ETH_P_IP && proto != ETH_P_IPV6)
		return;
	off = l3_offset(skb, head);
	if (bpf_probe_read_kernel(&vhl, 1, head + off))
		return;
	if ((vhl >> 4) == 4 && proto == ETH_P_IP) {
		struct iphdr ip;
		if (bpf_probe_read_kernel(&ip, sizeof(ip), head + off) || ip.ihl < 5)
			return;
		t->l3 = 4;
		t->l4proto = ip.protocol;
		__builtin_memcpy(t->saddr, &ip.saddr, 4);
		__builtin_memcpy(t->daddr, &ip.daddr, 4);
		if (bpf_ntohs(ip.frag_off) & IP_OFFSET_MASK)
			return; /* a later fragment: no L4 header */
		read_l4(head, off + (ip.ihl & 0xf) * 4, t);
	} else if ((vhl >> 4) == 6 && proto == ETH_P_IPV6) {
		struct ipv6hdr ip6;
		if (bpf_probe_read_kernel(&ip6, sizeof(ip6), head + off))
			return;
		t->l3 = 6;
		__builtin_memcpy(t->saddr, &ip6.saddr, 16);
		__builtin_memcpy(t->daddr, &ip6.daddr, 16);
		off += sizeof(ip6);
		t->l4proto = skip_ipv6_ext(head, &off, ip6.nexthdr);
		read_l4(head, off, t);
	}
}

#endif /* VISTA_SKB_TUPLE_H */
