/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Packet events: emit_skb_event() reads the skb, applies the filters (or follows an skb that matched
 * before, in tracked_skbs, which only packet objects carry) and writes one vista_event into the ring.
 */
#ifndef VISTA_SKB_EVENT_H
#define VISTA_SKB_EVENT_H

#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include "vista_ring.h"
#include "skb_filter.h"
#include "skb_meta.h"
#include "skb_tuple.h"
#include "pcap_filter.h"
#include "skb_packet.h"
#include "skb_structs.h"

#define MAX_TRACKED_SKBS 16384

/* skbs that matched once and are followed to the end of their life (CONFIG.track_skb). LRU: an
 * skb whose end we did not see ages out instead of filling the map. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, MAX_TRACKED_SKBS);
	__type(key, __u64);
	__type(value, __u8);
} tracked_skbs SEC(".maps");

/* The end of an skb's life, after which its address may be reused by another packet. */
static __always_inline bool ends_skb(__u8 source, __u16 where, __u64 func_ip)
{
	if (source == VISTA_SOURCE_SKB_TRACEPOINT)
		return where == VISTA_TP_KFREE_SKB || where == VISTA_TP_CONSUME_SKB;
	return func_ip && func_ip == CONFIG.free_func_ip;
}

/* The mark of the skb's socket, read only when filtered on. */
static __always_inline __u32 skb_sk_mark(struct sk_buff *skb)
{
	struct sock *sk;

	if (!CONFIG.filter_sk_mark)
		return 0;
	sk = skb->sk;
	return sk ? sk->sk_mark : 0;
}

/* Filters, or for a followed skb no filters; starts following an skb that matches. */
static __always_inline bool selected(struct vista_event *ev, struct sk_buff *skb)
{
	__u64 skb_addr = (__u64)skb;
	__u8 followed = 1;

	if (CONFIG.track_skb && bpf_map_lookup_elem(&tracked_skbs, &skb_addr))
		return true;
	if (!matches_filters(&CONFIG, ev, skb_sk_mark(skb)))
		return false;
	if (CONFIG.pcap_filter && !matches_pcap(skb))
		return false;
	if (CONFIG.track_skb)
		bpf_map_update_elem(&tracked_skbs, &skb_addr, &followed, BPF_ANY);
	return true;
}

/*
 * Stamps when, then writes the event (with the kernel stack, and the packet or the raw structs, when asked) into
 * the ring. The plan refuses packet capture together with raw structs, so one record carries one or the other.
 */
static __always_inline int submit_event(void *ctx, struct vista_event *ev, struct sk_buff *skb)
{
	stamp_time(ev);
	if (CONFIG.snaplen)
		return submit_event_with_packet(ctx, ev, skb);
	if (CONFIG.output_skb || CONFIG.output_shinfo)
		return submit_event_with_structs(ctx, ev, skb);
	if (!wants_stack(ev->source, ev->where)) {
		output_record(ev, sizeof(*ev));
		return 0;
	}
	struct vista_event_with_stack *rec = reserve_record(sizeof(*rec), ev->source);

	if (!rec)
		return 0;
	ev->stack_depth = read_stack(ctx, rec->stack);
	rec->event = *ev;
	submit_record(rec, sizeof(*rec));
	return 0;
}

static __always_inline int emit_skb_event(void *ctx, struct sk_buff *skb, __u8 source, __u16 where,
					  __u64 func_ip, __u64 location, __u32 drop_reason)
{
	struct vista_event ev = {};
	__u64 skb_addr = (__u64)skb;

	if (!skb)
		return 0;
	read_tuple(skb, &ev.tuple);
	/* On a busy machine most packets fail the tuple filters: reject them before reading the rest
	 * (a followed skb passes whatever its tuple, so not when following). */
	if (!CONFIG.track_skb && !matches_tuple_filters(&CONFIG, &ev.tuple))
		return 0;
	read_skb_meta(skb, &ev);
	stamp_task(&ev);
	if (!selected(&ev, skb))
		return 0;
	if (CONFIG.track_skb && ends_skb(source, where, func_ip))
		bpf_map_delete_elem(&tracked_skbs, &skb_addr);

	ev.skb = skb_addr;
	ev.location = location;
	ev.where = where;
	ev.source = source;
	ev.drop_reason = drop_reason;
	ev.func_ip = func_ip;
	return submit_event(ctx, &ev, skb);
}

#endif /* VISTA_SKB_EVENT_H */
