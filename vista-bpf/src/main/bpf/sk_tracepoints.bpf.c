// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Socket tracing on the kernel's sock and tcp tracepoints (tp_btf): the life of a socket (state
 * changes, resets, destruction) and its trouble (errors, full receive queues, memory limits), each
 * with the struct sock's addresses and the fields vista's --output-sk prints. User space disables
 * the programs whose tracepoint the running kernel lacks before load.
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include "sk_event.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct vista_sk_event);
} sk_event_scratch SEC(".maps");

static __always_inline void read_sk_info(struct sock *sk, struct vista_sk_info *info)
{
	struct socket *sock = BPF_CORE_READ(sk, sk_socket);

	info->family = BPF_CORE_READ(sk, __sk_common.skc_family);
	info->state = BPF_CORE_READ(sk, __sk_common.skc_state);
	info->type = BPF_CORE_READ(sk, sk_type);
	info->rcvbuf = BPF_CORE_READ(sk, sk_rcvbuf);
	info->sndbuf = BPF_CORE_READ(sk, sk_sndbuf);
	info->priority = BPF_CORE_READ(sk, sk_priority);
	if (sock) {
		info->socket_state = BPF_CORE_READ(sock, state);
		info->inode = BPF_CORE_READ((struct socket_alloc *)sock, vfs_inode.i_ino);
	}
}

static __always_inline int emit_sk_tracepoint(struct sock *sk, __u16 where, __u8 old_state, __u8 new_state)
{
	struct vista_sk_event *rec;
	__u32 zero = 0;

	if (!sk)
		return 0;
	rec = bpf_map_lookup_elem(&sk_event_scratch, &zero);
	if (!rec)
		return 0;
	__builtin_memset(rec, 0, sizeof(*rec));
	read_sock(sk, &rec->event);
	stamp_task(&rec->event);
	/* The socket's own mark is both its skb mark and its sk mark. */
	if (!matches_socket_filters(&CONFIG, &rec->event, rec->event.mark))
		return 0;
	read_sk_info(sk, &rec->sk);
	rec->sk.old_state = old_state;
	rec->sk.new_state = new_state;
	stamp_time(&rec->event);
	rec->event.skb = (__u64)sk;
	rec->event.where = where;
	rec->event.source = VISTA_SOURCE_SK_TRACEPOINT;
	output_record(rec, sizeof(*rec));
	return 0;
}

/* A program for a tracepoint whose first argument is the struct sock. */
#define SK_TRACEPOINT(tp, id)                                                        \
	SEC("tp_btf/" #tp)                                                           \
	int vista_sk_##tp(__u64 *ctx)                                                \
	{                                                                            \
		return emit_sk_tracepoint((struct sock *)ctx[0], id, 0, 0);           \
	}

SK_TRACEPOINT(inet_sk_error_report, VISTA_SK_TP_INET_SK_ERROR_REPORT)
SK_TRACEPOINT(sock_rcvqueue_full, VISTA_SK_TP_SOCK_RCVQUEUE_FULL)
SK_TRACEPOINT(sock_exceed_buf_limit, VISTA_SK_TP_SOCK_EXCEED_BUF_LIMIT)
SK_TRACEPOINT(tcp_send_reset, VISTA_SK_TP_TCP_SEND_RESET)
SK_TRACEPOINT(tcp_receive_reset, VISTA_SK_TP_TCP_RECEIVE_RESET)
SK_TRACEPOINT(tcp_destroy_sock, VISTA_SK_TP_TCP_DESTROY_SOCK)
SK_TRACEPOINT(tcp_rcv_space_adjust, VISTA_SK_TP_TCP_RCV_SPACE_ADJUST)

/* inet_sock_set_state(sk, oldstate, newstate) */
SEC("tp_btf/inet_sock_set_state")
int vista_sk_inet_sock_set_state(__u64 *ctx)
{
	return emit_sk_tracepoint((struct sock *)ctx[0], VISTA_SK_TP_INET_SOCK_SET_STATE, (__u8)ctx[1],
				  (__u8)ctx[2]);
}
