// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Packet tracing on the kernel's skb tracepoints (tp_btf): one small program per tracepoint, all
 * funnelled into emit_skb_event() (skb_event.h). User space disables the programs whose tracepoint the
 * running kernel lacks before load.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "tp_btf_section.h"
#include "skb_event.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* A program for a tracepoint whose arguments put the skb at position SKB_ARG. */
#define SKB_TRACEPOINT(tp, id, skb_arg)                                              \
	VISTA_TP_BTF(tp)                                                             \
	int vista_##tp(__u64 *ctx)                                                   \
	{                                                                            \
		return emit_skb_event(ctx, (struct sk_buff *)ctx[skb_arg],              \
				      VISTA_SOURCE_SKB_TRACEPOINT, id, 0, 0, 0);       \
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
VISTA_TP_BTF(kfree_skb)
int vista_kfree_skb(__u64 *ctx)
{
	return emit_skb_event(ctx, (struct sk_buff *)ctx[0], VISTA_SOURCE_SKB_TRACEPOINT,
			      VISTA_TP_KFREE_SKB, 0, ctx[1], (__u32)ctx[2]);
}

/* consume_skb(skb, location): the normal end of a packet's life. */
VISTA_TP_BTF(consume_skb)
int vista_consume_skb(__u64 *ctx)
{
	return emit_skb_event(ctx, (struct sk_buff *)ctx[0], VISTA_SOURCE_SKB_TRACEPOINT,
			      VISTA_TP_CONSUME_SKB, 0, ctx[1], 0);
}
