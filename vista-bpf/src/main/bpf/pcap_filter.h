/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The pcap-filter expression: libpcap compiles it to classic BPF for an Ethernet start (DLT_EN10MB)
 * and an IP start (DLT_RAW), user space translates both to eBPF and writes them over the body of
 * vista_pcap_filter() in the ELF image before load (dev.vista.internal.pcapfilter). Packet bytes are read
 * from the skb's linear data in kernel memory.
 */
#ifndef VISTA_PCAP_FILTER_H
#define VISTA_PCAP_FILTER_H

#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>

/*
 * Returns non-zero when the packet at [base, end) matches; link_layer selects the Ethernet
 * translation (else the IP one); len is the packet's whole length from base (classic BPF's "len").
 * Must stay the last function of .text and free of relocations: user space replaces its body.
 * This body only uses every argument, so clang keeps them all.
 */
static __noinline int vista_pcap_filter(__u64 link_layer, __u64 base, __u64 end, __u64 len)
{
	return (link_layer ^ base ^ end ^ len) == 0x7063617066696c74ULL;
}

/* Runs the filter from base (an address in the skb's linear data) to the end of the linear data. */
static __always_inline bool run_pcap_filter(struct sk_buff *skb, bool link_layer, void *base)
{
	void *head = skb->head;
	void *data = skb->data;
	__u64 end = (__u64)head + skb->tail;
	__u64 len = skb->len + ((__u64)data - (__u64)base);

	return vista_pcap_filter(link_layer, (__u64)base, end, (__u32)len) != 0;
}

/*
 * The Ethernet translation when the skb has a link-layer header (a MAC header set and distinct from
 * the network header), else the IP one: on the output path the L2 header does not exist yet, and
 * tunnel devices have none.
 */
static __always_inline bool matches_pcap(struct sk_buff *skb)
{
	void *head = skb->head;
	__u16 mac = skb->mac_header;
	__u16 net = skb->network_header;

	if (mac != (__u16)~0U && mac != net)
		return run_pcap_filter(skb, true, head + mac);
	return run_pcap_filter(skb, false, head + net);
}

#endif /* VISTA_PCAP_FILTER_H */
