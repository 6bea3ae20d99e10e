// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Packet tracing on the kernel's skb tracepoints (tp_btf): one small program per tracepoint, all
 * funnelled into emit_skb_event(), which reads the skb, applies the configured filters and writes
 * one vista_event into the ring buffer. User space disables the programs whose tracepoint the
 * running kernel lacks before load.
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "vista_event.h"
#include "vista_tracepoints.h"
#include "skb_filter.h"
#include "skb_meta.h"
#include "skb_tuple.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

volatile const struct vista_config CONFIG = {};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 * 1024 * 1024); /* resized by user space before load */
} events SEC(".maps");

/* Events that did not fit into the ring buffer, per CPU: never dropped silently. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} lost_events SEC(".maps");

static __always_inline void count_lost(void)
{
	__u32 zero = 0;
	__u64 *lost = bpf_map_lookup_elem(&lost_events, &zero);

	if (lost)
		*lost += 1;
}

/* Batch wakeups: the consumer polls on a short timer and is woken early only when much is waiting. */
static __always_inline __u64 wakeup_flag(void)
{
	return bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) >= CONFIG.wakeup_bytes ?
		       BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
}

static __always_inline bool wants_stack(__u16 where)
{
	return CONFIG.stack_mode == VISTA_STACK_ALL ||
	       (CONFIG.stack_mode == VISTA_STACK_DROPS && where == VISTA_TP_KFREE_SKB);
}

static __always_inline int emit_skb_event(void *ctx, struct sk_buff *skb, __u16 where,
					  __u64 location, __u32 drop_reason)
{
	struct vista_event ev = {};

	if (!skb)
		return 0;
	read_skb_meta(skb, &ev);
	read_tuple(skb, &ev.tuple);
	if (!matches_filters(&CONFIG, &ev))
		return 0;

	__u64 pid_tgid = bpf_get_current_pid_tgid();
	ev.ts_ns = bpf_ktime_get_ns();
	ev.skb = (__u64)skb;
	ev.location = location;
	ev.pid = pid_tgid >> 32;
	ev.cpu = bpf_get_smp_processor_id();
	ev.where = where;
	ev.source = VISTA_SOURCE_SKB_TRACEPOINT;
	ev.drop_reason = drop_reason;
	bpf_get_current_comm(ev.comm, sizeof(ev.comm));

	if (!wants_stack(where)) {
		if (bpf_ringbuf_output(&events, &ev, sizeof(ev), wakeup_flag()))
			count_lost();
		return 0;
	}
	struct vista_event_with_stack *rec = bpf_ringbuf_reserve(&events, sizeof(*rec), 0);
	if (!rec) {
		count_lost();
		return 0;
	}
	long bytes = bpf_get_stack(ctx, rec->stack, sizeof(rec->stack), 0);
	ev.stack_depth = bytes > 0 ? bytes / sizeof(__u64) : 0;
	rec->event = ev;
	bpf_ringbuf_submit(rec, wakeup_flag());
	return 0;
}

/* A program for a tracepoint whose arguments put the skb at position SKB_ARG. */
#define SKB_TRACEPOINT(tp, id, skb_arg)                                              \
	SEC("tp_btf/" #tp)                                                           \
	int vista_##tp(__u64 *ctx)                                                   \
	{                                                                            \
		return emit_skb_event(ctx, (struct sk_buff *)ctx[skb_arg], id, 0, 0); \
	}

SKB_TRACEPOINT(netif_receive_skb, VISTA_TP_NETIF_RECEIVE_SKB, 0)
SKB_TRACEPOINT(netif_rx, VISTA_TP_NETIF_RX, 0)
SKB_TRACEPOINT(net_dev_queue, VISTA_TP_NET_DEV_QUEUE, 0)
SKB_TRACEPOINT(net_dev_start_xmit, VISTA_TP_NET_DEV_START_XMIT, 0)
SKB_TRACEPOINT(net_dev_xmit, VISTA_TP_NET_DEV_XMIT, 0)
SKB_TRACEPOINT(napi_gro_receive_entry, VISTA_TP_NAPI_GRO_RECEIVE_ENTRY, 0)
SKB_TRACEPOINT(skb_copy_datagram_iovec, VISTA_TP_SKB_COPY_DATAGRAM_IOVEC, 0)
SKB_TRACEPOINT(udp_fail_queue_rcv_skb, VISTA_TP_UDP_FAIL_QUEUE_RCV_SKB, 2)
SKB_TRACEPOINT(tcp_retransmit_skb, VISTA_TP_TCP_RETRANSMIT_SKB, 1)

/* kfree_skb(skb, location, reason, ...): a drop, with the kernel's own reason. */
SEC("tp_btf/kfree_skb")
int vista_kfree_skb(__u64 *ctx)
{
	return emit_skb_event(ctx, (struct sk_buff *)ctx[0], VISTA_TP_KFREE_SKB, ctx[1], (__u32)ctx[2]);
}

/* consume_skb(skb, location): the normal end of a packet's life. */
SEC("tp_btf/consume_skb")
int vista_consume_skb(__u64 *ctx)
{
	return emit_skb_event(ctx, (struct sk_buff *)ctx[0], VISTA_TP_CONSUME_SKB, ctx[1], 0);
}
