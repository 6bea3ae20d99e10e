// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Runs the spliced pcap filter (pcap_filter.h) on a packet given to BPF_PROG_TEST_RUN, from the
 * Ethernet header or from the IP header: the same code the tracing programs run, checked against
 * libpcap's own interpreter by the differential test and timed by the benchmark. The test run
 * builds a real sk_buff (MAC header at data, network header after it).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "pcap_filter.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

extern void *bpf_cast_to_kern_ctx(void *ctx) __ksym;

SEC("tc")
int vista_pcap_test_l2(struct __sk_buff *ctx)
{
	struct sk_buff *skb = bpf_cast_to_kern_ctx(ctx);

	return run_pcap_filter(skb, true, skb->head + skb->mac_header);
}

SEC("tc")
int vista_pcap_test_l3(struct __sk_buff *ctx)
{
	struct sk_buff *skb = bpf_cast_to_kern_ctx(ctx);

	return run_pcap_filter(skb, false, skb->head + skb->network_header);
}
