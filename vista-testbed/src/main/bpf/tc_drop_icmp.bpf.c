// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A TC classifier for tests: drops IPv4 ICMP (TC_ACT_SHOT), passes everything else (TC_ACT_OK). */
#include "test_programs.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("tc")
int drop_icmp(struct __sk_buff *skb)
{
	void *data_end = (void *)(long)skb->data_end;
	struct iphdr *ip = ipv4_header((void *)(long)skb->data, data_end);

	return ip && ip->protocol == IPPROTO_ICMP ? TC_ACT_SHOT : TC_ACT_OK;
}
