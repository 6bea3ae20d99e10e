/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The L3/L4 tuple of an skb (IPv4, IPv6 with extension headers, TCP, UDP, ICMP, ICMPv6). The packet
 * bytes are not typed memory, so they take a probe read (a helper call); the first HEADERS_LEN bytes
 * from the network header come in one, which holds the IP and L4 headers of most packets (IPv4
 * without options, IPv6 without extension headers). Others take one more read per header.
 */
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

#define IPV4_HLEN 20 /* without options */
#define IPV6_HLEN 40
#define L4_LEN 16    /* what read_l4 looks at: TCP up to its flags, UDP, ICMP's first 8 bytes */
#define HEADERS_LEN (IPV6_HLEN + L4_LEN)

/* The bytes at the network header: the IP header, and the L4 header after it when it has no options. */
union ip_headers {
	__u8 bytes[HEADERS_LEN];
	struct {
		struct iphdr ip;
		__u8 l4[L4_LEN];
	} v4;
	struct {
		struct ipv6hdr ip6;
		__u8 l4[L4_LEN];
	} v6;
};

static __always_inline __u8 ip_version(const union ip_headers *h)
{
	return h->bytes[0] >> 4;
}

/*
 * Reads the headers at the network header. Before the IP layer has set it (receive path), the
 * network header may still point at the MAC header: then the IP header is right after Ethernet's.
 */
static __always_inline bool read_ip_headers(struct sk_buff *skb, void *head, __u16 *off, union ip_headers *h)
{
	__u16 mac = skb->mac_header;

	*off = skb->network_header;
	if (!bpf_probe_read_kernel(h, sizeof(*h), head + *off) && (ip_version(h) == 4 || ip_version(h) == 6))
		return true;
	if (mac == (__u16)~0U)
		return false;
	*off = mac + ETH_HLEN;
	return !bpf_probe_read_kernel(h, sizeof(*h), head + *off);
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

/* Ports, TCP flags or ICMP type, code, id and sequence from the first L4_LEN bytes of the L4 header. */
static __always_inline void parse_l4(const __u8 *l4, struct vista_tuple *t)
{
	switch (t->l4proto) {
	case IPPROTO_TCP: {
		const struct tcphdr *tcp = (const struct tcphdr *)l4;
		t->sport = bpf_ntohs(tcp->source);
		t->dport = bpf_ntohs(tcp->dest);
		t->tcp_flags = l4[13];
		return;
	}
	case IPPROTO_UDP: {
		const struct udphdr *udp = (const struct udphdr *)l4;
		t->sport = bpf_ntohs(udp->source);
		t->dport = bpf_ntohs(udp->dest);
		return;
	}
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6: {
		/* Same first 8 bytes for both: type, code, checksum, id, sequence. */
		const struct icmphdr *icmp = (const struct icmphdr *)l4;
		t->icmp_type = icmp->type;
		t->icmp_code = icmp->code;
		t->icmp_id = bpf_ntohs(icmp->un.echo.id);
		t->icmp_seq = bpf_ntohs(icmp->un.echo.sequence);
		return;
	}
	}
}

/* The L4 header at an offset the first read did not cover (IP options, IPv6 extension headers). */
static __always_inline void read_l4(void *head, __u16 off, struct vista_tuple *t)
{
	__u8 l4[L4_LEN];

	if (!bpf_probe_read_kernel(l4, sizeof(l4), head + off))
		parse_l4(l4, t);
}

/*
 * The tuple from the IP headers h read at head + off (proto: the ethertype, host order); shared by skbs
 * and XDP frames (tc_xdp_programs.bpf.c).
 */
static __always_inline void parse_ip_headers(void *head, __u16 off, __u16 proto, const union ip_headers *h,
					     struct vista_tuple *t)
{
	if (ip_version(h) == 4 && proto == ETH_P_IP) {
		if (h->v4.ip.ihl < 5)
			return;
		t->l3 = 4;
		t->l4proto = h->v4.ip.protocol;
		__builtin_memcpy(t->saddr, &h->v4.ip.saddr, 4);
		__builtin_memcpy(t->daddr, &h->v4.ip.daddr, 4);
		if (bpf_ntohs(h->v4.ip.frag_off) & IP_OFFSET_MASK)
			return; /* a later fragment: no L4 header */
		if (h->v4.ip.ihl == 5)
			parse_l4(h->v4.l4, t);
		else
			read_l4(head, off + (h->v4.ip.ihl & 0xf) * 4, t);
	} else if (ip_version(h) == 6 && proto == ETH_P_IPV6) {
		__u8 nexthdr = h->v6.ip6.nexthdr;

		t->l3 = 6;
		__builtin_memcpy(t->saddr, &h->v6.ip6.saddr, 16);
		__builtin_memcpy(t->daddr, &h->v6.ip6.daddr, 16);
		__u16 l4_off = off + IPV6_HLEN;

		off = l4_off;
		t->l4proto = skip_ipv6_ext(head, &off, nexthdr);
		/* Whether headers were skipped by the offset, not by the protocol: a comparison of the protocol with
		 * nexthdr made the verifier track each extension header's value (twice the instructions to verify). */
		if (off == l4_off)
			parse_l4(h->v6.l4, t);
		else
			read_l4(head, off, t);
	}
}

/* Reads the tuple of an IP packet; other skbs (ARP, netlink, ...) are left with l3 = 0. */
static __always_inline void read_tuple(struct sk_buff *skb, struct vista_tuple *t)
{
	__u16 proto = bpf_ntohs(skb->protocol);
	void *head = skb->head;
	union ip_headers h;
	__u16 off;

	if (proto != ETH_P_IP && proto != ETH_P_IPV6)
		return;
	if (!read_ip_headers(skb, head, &off, &h))
		return;
	parse_ip_headers(head, off, proto, &h, t);
}

#endif /* VISTA_SKB_TUPLE_H */
