// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Socket tracing on the kernel's sock and tcp tracepoints (tp_btf): the life of a socket (state
 * changes, resets, destruction) and its trouble (errors, full receive queues, memory limits), each
 * with the struct sock's addresses and the fields vista's --output-sk prints. User space disables
 * the programs whose tracepoint the running kernel lacks before load.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "tp_btf_section.h"
#include "sk_event.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* A program for a tracepoint whose first argument is the struct sock. */
#define SK_TRACEPOINT(tp, id)                                                                      \
	VISTA_TP_BTF(tp)                                                                           \
	int vista_sk_##tp(__u64 *ctx)                                                              \
	{                                                                                          \
		return emit_sk_event(ctx, (struct sock *)ctx[0], VISTA_SOURCE_SK_TRACEPOINT, id, 0, 0, 0); \
	}

SK_TRACEPOINT(inet_sk_error_report, VISTA_SK_TP_INET_SK_ERROR_REPORT)
SK_TRACEPOINT(sock_rcvqueue_full, VISTA_SK_TP_SOCK_RCVQUEUE_FULL)
SK_TRACEPOINT(sock_exceed_buf_limit, VISTA_SK_TP_SOCK_EXCEED_BUF_LIMIT)
SK_TRACEPOINT(tcp_send_reset, VISTA_SK_TP_TCP_SEND_RESET)
SK_TRACEPOINT(tcp_receive_reset, VISTA_SK_TP_TCP_RECEIVE_RESET)
SK_TRACEPOINT(tcp_destroy_sock, VISTA_SK_TP_TCP_DESTROY_SOCK)
SK_TRACEPOINT(tcp_rcv_space_adjust, VISTA_SK_TP_TCP_RCV_SPACE_ADJUST)

/* inet_sock_set_state(sk, oldstate, newstate) */
VISTA_TP_BTF(inet_sock_set_state)
int vista_sk_inet_sock_set_state(__u64 *ctx)
{
	return emit_sk_event(ctx, (struct sock *)ctx[0], VISTA_SOURCE_SK_TRACEPOINT, VISTA_SK_TP_INET_SOCK_SET_STATE,
			     0, (__u8)ctx[1], (__u8)ctx[2]);
}
