/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What the test programs share: the verdicts (macros in the uapi headers, so vmlinux.h has none) and
 * the IPv4 header of an Ethernet frame, checked against the end of the packet as the verifier wants.
 */
#ifndef VISTA_TEST_PROGRAMS_H
#define VISTA_TEST_PROGRAMS_H

#include "vmlinux.h"
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#define TC_ACT_OK 0
#define TC_ACT_SHOT 2
#define ETH_P_IP 0x0800
#define ETH_HLEN 14
#define IP_HLEN 20 /* the test programs look at IPv4 packets without options only */

/* The IPv4 header of the frame at data, or NULL for anything else (ARP, IPv6, options, short frames). */
static __always_inline struct iphdr *ipv4_header(void *data, void *data_end)
{
	struct ethhdr *eth = data;
	struct iphdr *ip = data + ETH_HLEN;

	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl != 5)
		return NULL;
	return ip;
}

/* The UDP header after an IPv4 header without options, or NULL. */
static __always_inline struct udphdr *udp_header(struct iphdr *ip, void *data_end)
{
	struct udphdr *udp = (void *)ip + IP_HLEN;

	if (ip->protocol != IPPROTO_UDP || (void *)(udp + 1) > data_end)
		return NULL;
	return udp;
}

#endif /* VISTA_TEST_PROGRAMS_H */
