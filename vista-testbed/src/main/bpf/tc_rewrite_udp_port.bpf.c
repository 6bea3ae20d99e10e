// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A TC classifier for tests: rewrites the destination port of IPv4 UDP datagrams to port FROM_PORT
 * into TO_PORT (fixing the UDP checksum) and passes every packet (TC_ACT_OK). Its name is longer than
 * the kernel keeps for program names (15 characters): the full name is only in its BTF.
 */
#include "test_programs.h"

#define FROM_PORT 7001
#define TO_PORT 7002
#define BPF_F_PSEUDO_HDR (1ULL << 4)

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("tc")
int rewrite_udp_port_7001(struct __sk_buff *skb)
{
	void *data_end = (void *)(long)skb->data_end;
	struct iphdr *ip = ipv4_header((void *)(long)skb->data, data_end);
	struct udphdr *udp = ip ? udp_header(ip, data_end) : NULL;
	__u32 port_offset = ETH_HLEN + IP_HLEN + offsetof(struct udphdr, dest);
	__u32 check_offset = ETH_HLEN + IP_HLEN + offsetof(struct udphdr, check);
	__be16 from = bpf_htons(FROM_PORT);
	__be16 to = bpf_htons(TO_PORT);

	if (!udp || udp->dest != from)
		return TC_ACT_OK;
	/* A UDP checksum of 0 means none: leave it so. */
	if (udp->check)
		bpf_l4_csum_replace(skb, check_offset, from, to, sizeof(to));
	bpf_skb_store_bytes(skb, port_offset, &to, sizeof(to), 0);
	return TC_ACT_OK;
}
