// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Tracing the BPF programs attached on TC and XDP with fentry and fexit against each program: user
 * space loads these four programs once aimed at one program of each kind, then a copy of their final
 * instructions per further program (a tracing program has one target). The verifier gives a TC
 * program's struct __sk_buff * argument as the kernel's struct sk_buff *, an XDP program's struct
 * xdp_md * as struct xdp_buff *. The exit event carries the program's return value and how long it ran.
 */
#include "vmlinux.h"
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>
#include "skb_event.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* When the program running on this CPU was entered: TC and XDP programs do not nest on one CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} program_entry_ns SEC(".maps");

static __always_inline void mark_entry(void)
{
	__u32 zero = 0;
	__u64 *entered = bpf_map_lookup_elem(&program_entry_ns, &zero);

	if (entered)
		*entered = bpf_ktime_get_ns();
}

/* Nanoseconds since this CPU's entry mark, which it clears; 0 without one. */
static __always_inline __u64 since_entry(void)
{
	__u32 zero = 0;
	__u64 *entered = bpf_map_lookup_elem(&program_entry_ns, &zero);
	__u64 ran;

	if (!entered || !*entered)
		return 0;
	ran = bpf_ktime_get_ns() - *entered;
	*entered = 0;
	return ran;
}

SEC("fentry")
int vista_tc_entry(__u64 *ctx)
{
	mark_entry();
	return emit_skb_event(ctx, (struct sk_buff *)ctx[0], VISTA_SOURCE_TC_PROGRAM, VISTA_PROGRAM_ENTRY,
			      bpf_get_func_ip(ctx), 0, 0);
}

SEC("fexit")
int vista_tc_exit(__u64 *ctx)
{
	return emit_skb_event(ctx, (struct sk_buff *)ctx[0], VISTA_SOURCE_TC_PROGRAM, VISTA_PROGRAM_EXIT,
			      bpf_get_func_ip(ctx), since_entry(), (__u32)ctx[1]);
}

/* The tuple of an Ethernet frame from its bytes (an XDP frame has no skb yet). */
static __always_inline __u16 read_frame_tuple(void *data, void *data_end, struct vista_tuple *t)
{
	struct ethhdr eth;
	union ip_headers h;
	__u16 proto;

	if (data + ETH_HLEN > data_end || bpf_probe_read_kernel(&eth, sizeof(eth), data))
		return 0;
	proto = bpf_ntohs(eth.h_proto);
	if ((proto == ETH_P_IP || proto == ETH_P_IPV6) && !bpf_probe_read_kernel(&h, sizeof(h), data + ETH_HLEN))
		parse_ip_headers(data, ETH_HLEN, proto, &h, &t[0]);
	return proto;
}

/*
 * Writes an XDP event, with up to snaplen bytes of the frame from its Ethernet header when packets are
 * captured: assembled in the per-CPU scratch that skb captures use, copied into the ring at its real size.
 */
static __always_inline void submit_xdp_event(struct vista_event *ev, struct xdp_buff *xdp)
{
	__u32 zero = 0;
	struct vista_capture_record *rec;
	struct vista_packet *pkt;
	__u32 caplen = ev->len;

	if (!CONFIG.snaplen) {
		output_record(ev, sizeof(*ev));
		return;
	}
	rec = bpf_map_lookup_elem(&capture_scratch, &zero);
	if (!rec)
		return;
	pkt = (struct vista_packet *)rec->tail;
	if (caplen > CONFIG.snaplen)
		caplen = CONFIG.snaplen;
	if (caplen > VISTA_MAX_SNAPLEN)
		caplen = VISTA_MAX_SNAPLEN;
	if (caplen && bpf_probe_read_kernel(pkt + 1, caplen, xdp->data))
		caplen = 0;
	pkt->caplen = caplen;
	pkt->len = ev->len;
	ev->packet = VISTA_PACKET_MAC;
	rec->event = *ev;
	output_record(rec, sizeof(rec->event) + sizeof(*pkt) + caplen);
}

/* An XDP program's event: the tuple and sizes from the frame, the device from its receive queue. */
static __always_inline int emit_xdp_event(void *ctx, struct xdp_buff *xdp, __u16 where, __u64 ran, __u32 verdict)
{
	struct vista_event ev = {};
	struct net_device *dev = xdp->rxq->dev;

	ev.protocol = read_frame_tuple(xdp->data, xdp->data_end, &ev.tuple);
	if (!matches_tuple_filters(&CONFIG, &ev.tuple))
		return 0;
	ev.len = xdp->data_end - xdp->data;
	ev.ifindex = dev->ifindex;
	ev.mtu = dev->mtu;
	__builtin_memcpy(ev.ifname, dev->name, sizeof(ev.ifname));
	ev.netns = dev->nd_net.net->ns.inum;
	stamp_task(&ev);
	if (!matches_filters(&CONFIG, &ev, 0))
		return 0;
	/* The frame starts with its Ethernet header: the pcap filter's link-layer translation runs on it. */
	if (CONFIG.pcap_filter && !vista_pcap_filter(1, (__u64)xdp->data, (__u64)xdp->data_end, ev.len))
		return 0;
	ev.skb = (__u64)xdp;
	ev.where = where;
	ev.source = VISTA_SOURCE_XDP_PROGRAM;
	ev.func_ip = bpf_get_func_ip(ctx);
	ev.location = ran;
	ev.drop_reason = verdict;
	stamp_time(&ev);
	submit_xdp_event(&ev, xdp);
	return 0;
}

SEC("fentry")
int vista_xdp_entry(__u64 *ctx)
{
	mark_entry();
	return emit_xdp_event(ctx, (struct xdp_buff *)ctx[0], VISTA_PROGRAM_ENTRY, 0, 0);
}

SEC("fexit")
int vista_xdp_exit(__u64 *ctx)
{
	return emit_xdp_event(ctx, (struct xdp_buff *)ctx[0], VISTA_PROGRAM_EXIT, since_entry(), (__u32)ctx[1]);
}
