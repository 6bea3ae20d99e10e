/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Packet capture (CONFIG.snaplen > 0): a packet event carries up to snaplen bytes of its packet, from
 * the MAC header when the skb has one, else from the IP header. The record is assembled in a per-CPU
 * scratch buffer (event, stack frames, struct vista_packet, bytes) and copied into the ring with
 * bpf_ringbuf_output at its real size: a 60-byte packet costs 60 bytes of ring, not snaplen.
 */
#ifndef VISTA_SKB_PACKET_H
#define VISTA_SKB_PACKET_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "vista_ring.h"

struct vista_capture_record {
	struct vista_event event;
	__u8 tail[STACK_BYTES_MAX + sizeof(struct vista_packet) + VISTA_MAX_SNAPLEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct vista_capture_record);
} capture_scratch SEC(".maps");

/*
 * Copies the skb's linear bytes from its MAC header (or its IP header, when it has no link-layer
 * header: the output path before the L2 header exists, tunnel devices) into data; sets ev->packet to
 * where they start and returns how many. An skb with neither gets nothing.
 */
static __always_inline __u32 read_packet(struct sk_buff *skb, struct vista_event *ev, struct vista_packet *pkt,
					 __u8 *data)
{
	void *head = skb->head;
	__u16 mac = skb->mac_header;
	__u16 net = skb->network_header;
	__u32 tail = skb->tail;
	__u32 start, caplen;

	if (mac != (__u16)~0U && mac != net) {
		start = mac;
		ev->packet = VISTA_PACKET_MAC;
	} else if (ev->tuple.l3) {
		start = net;
		ev->packet = VISTA_PACKET_NETWORK;
	} else {
		return 0;
	}
	/* The bytes between start and skb->data, and skb->len from there on (linear and paged). */
	pkt->len = skb->len + (__u32)((__u64)skb->data - (__u64)head) - start;
	caplen = tail > start ? tail - start : 0;
	if (caplen > CONFIG.snaplen)
		caplen = CONFIG.snaplen;
	if (caplen > VISTA_MAX_SNAPLEN)
		caplen = VISTA_MAX_SNAPLEN;
	if (caplen && bpf_probe_read_kernel(data, caplen, head + start))
		caplen = 0;
	pkt->caplen = caplen;
	return caplen;
}

/* Writes the event, its stack when asked, and its packet into the ring, at the size they take. */
static __always_inline int submit_event_with_packet(void *ctx, struct vista_event *ev, struct sk_buff *skb)
{
	__u32 zero = 0;
	struct vista_capture_record *rec = bpf_map_lookup_elem(&capture_scratch, &zero);
	struct vista_packet *pkt;
	__u32 stack_bytes = 0;
	__u32 caplen;

	if (!rec)
		return 0;
	if (wants_stack(ev->source, ev->where)) {
		ev->stack_depth = read_stack(ctx, (__u64 *)rec->tail);
		stack_bytes = ev->stack_depth * sizeof(__u64);
		if (stack_bytes > STACK_BYTES_MAX)
			stack_bytes = STACK_BYTES_MAX;
	}
	pkt = (struct vista_packet *)(rec->tail + stack_bytes);
	caplen = read_packet(skb, ev, pkt, (__u8 *)(pkt + 1));
	if (caplen > VISTA_MAX_SNAPLEN)
		caplen = VISTA_MAX_SNAPLEN;
	rec->event = *ev;
	if (!ev->packet) {
		output_record(rec, sizeof(rec->event) + stack_bytes);
		return 0;
	}
	output_record(rec, sizeof(rec->event) + stack_bytes + sizeof(*pkt) + caplen);
	return 0;
}

#endif /* VISTA_SKB_PACKET_H */
