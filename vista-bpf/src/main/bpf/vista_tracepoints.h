/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The skb tracepoints, in the order of dev.vista.event.Tracepoint (a test keeps the two in step).
 * vista_event.where holds one of these.
 */
#ifndef VISTA_TRACEPOINTS_H
#define VISTA_TRACEPOINTS_H

enum vista_tracepoint {
	VISTA_TP_NETIF_RECEIVE_SKB = 0,
	VISTA_TP_NETIF_RX = 1,
	VISTA_TP_NET_DEV_QUEUE = 2,
	VISTA_TP_NET_DEV_START_XMIT = 3,
	VISTA_TP_NET_DEV_XMIT = 4,
	VISTA_TP_NAPI_GRO_RECEIVE_ENTRY = 5,
	VISTA_TP_KFREE_SKB = 6,
	VISTA_TP_CONSUME_SKB = 7,
	VISTA_TP_SKB_COPY_DATAGRAM_IOVEC = 8,
	VISTA_TP_UDP_FAIL_QUEUE_RCV_SKB = 9,
	VISTA_TP_TCP_RETRANSMIT_SKB = 10,
};

/* The sock and tcp tracepoints of socket tracing, in the order of dev.vista.event.SkTracepoint. */
enum vista_sk_tracepoint {
	VISTA_SK_TP_INET_SOCK_SET_STATE = 0,
	VISTA_SK_TP_INET_SK_ERROR_REPORT = 1,
	VISTA_SK_TP_SOCK_RCVQUEUE_FULL = 2,
	VISTA_SK_TP_SOCK_EXCEED_BUF_LIMIT = 3,
	VISTA_SK_TP_TCP_SEND_RESET = 4,
	VISTA_SK_TP_TCP_RECEIVE_RESET = 5,
	VISTA_SK_TP_TCP_DESTROY_SOCK = 6,
	VISTA_SK_TP_TCP_RCV_SPACE_ADJUST = 7,
};

#endif /* VISTA_TRACEPOINTS_H */
