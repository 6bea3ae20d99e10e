// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * TCP lifetime on tracepoints only. A connection is born when it enters SYN_SENT (connect) or
 * SYN_RECV (accept side). When it enters CLOSE, its addresses and struct tcp_sock counters are
 * read into its record (right after CLOSE the kernel unhashes the socket, and tcp_disconnect()
 * clears addresses and counters). The record is written to the ring when the kernel destroys the
 * socket, so that the reset tcp_close() sends after setting CLOSE is still noted; a socket that
 * connects again before it is destroyed flushes its earlier connection first.
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include "tp_btf_section.h"
#include "sk_event.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define MAX_CONNECTIONS 32768

struct connection {
	__u64 born_ns;
	__u8 closed;   /* entered CLOSE: ev is filled in */
	__u8 pad[7];
	struct vista_tcp_event ev; /* event.pid/comm: the owner once known (0 until then) */
};

/* Connections born while tracing, by struct sock address. LRU: a socket whose end we miss ages out. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, MAX_CONNECTIONS);
	__type(key, __u64);
	__type(value, struct connection);
} connections SEC(".maps");

/* A new record is too large for the 512-byte BPF stack: it is prepared in this per-CPU slot. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct connection);
} connection_scratch SEC(".maps");

static __always_inline void take_process(struct vista_event *ev)
{
	ev->pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(ev->comm, sizeof(ev->comm));
}

/* Writes a closed connection's record if it passes the filters. */
static __always_inline void emit(struct connection *conn)
{
	if (!conn->closed || conn->ev.tcp.lifetime_ns < CONFIG.tcp_min_lifetime_ns ||
	    !matches_socket_filters(&CONFIG, &conn->ev.event, conn->ev.event.mark))
		return;
	output_record(&conn->ev, sizeof(conn->ev));
}

static __always_inline void born(const struct sock *sk, __u8 direction)
{
	__u64 key = (__u64)sk;
	__u32 zero = 0;
	struct connection *conn = bpf_map_lookup_elem(&connections, &key);

	if (conn)
		emit(conn); /* the socket was disconnected and connects again */
	conn = bpf_map_lookup_elem(&connection_scratch, &zero);
	if (!conn)
		return;
	__builtin_memset(conn, 0, sizeof(*conn));
	conn->born_ns = bpf_ktime_get_ns();
	conn->ev.tcp.direction = direction;
	/* connect() runs in the connecting process; SYN_RECV runs in softirq, where no process is ours. */
	if (direction == VISTA_TCP_ACTIVE)
		take_process(&conn->ev.event);
	bpf_map_update_elem(&connections, &key, conn, BPF_ANY);
}

static __always_inline void read_tcp_info(struct sock *sk, struct vista_tcp_info *info)
{
	struct tcp_sock *tp = (struct tcp_sock *)sk;
	const struct tcp_congestion_ops *ca = BPF_CORE_READ((struct inet_connection_sock *)sk, icsk_ca_ops);
	__u64 flags = BPF_CORE_READ(sk, __sk_common.skc_flags);
	__u64 received = BPF_CORE_READ(tp, bytes_received);

	/* The peer's FIN takes one sequence number that bytes_received counts; tcp_fin() sets SOCK_DONE. */
	if (received && (flags & (1UL << bpf_core_enum_value(enum sock_flags, SOCK_DONE))))
		received--;
	info->bytes_received = received;
	info->bytes_sent = BPF_CORE_READ(tp, bytes_sent) - BPF_CORE_READ(tp, bytes_retrans);
	info->srtt_us = BPF_CORE_READ(tp, srtt_us) >> 3; /* the kernel keeps srtt << 3 */
	info->total_retrans = BPF_CORE_READ(tp, total_retrans);
	if (ca)
		bpf_probe_read_kernel_str(info->congestion, sizeof(info->congestion), &ca->name);
}

/* The connection's last moment with its addresses and counters intact. */
static __always_inline void closing(struct sock *sk, struct connection *conn, int old_state)
{
	struct vista_event *ev = &conn->ev.event;
	__u32 pid = ev->pid;
	char comm[VISTA_COMM_LEN];

	__builtin_memcpy(comm, ev->comm, sizeof(comm));
	read_sock(sk, ev);
	stamp_event(ev);
	ev->pid = pid;
	__builtin_memcpy(ev->comm, comm, sizeof(comm));
	ev->skb = (__u64)sk;
	ev->source = VISTA_SOURCE_TCP_LIFETIME;
	conn->ev.tcp.lifetime_ns = ev->ts_ns - conn->born_ns;
	conn->ev.tcp.last_state = old_state;
	read_tcp_info(sk, &conn->ev.tcp);
	conn->closed = 1;
}

/* inet_sock_set_state(sk, oldstate, newstate) */
VISTA_TP_BTF(inet_sock_set_state)
int vista_tcp_set_state(__u64 *ctx)
{
	struct sock *sk = (struct sock *)ctx[0];
	int old_state = (int)ctx[1];
	int new_state = (int)ctx[2];
	__u64 key = (__u64)sk;
	struct connection *conn;

	if (BPF_CORE_READ(sk, sk_protocol) != IPPROTO_TCP)
		return 0;
	if (new_state == TCP_SYN_SENT || new_state == TCP_SYN_RECV) {
		born(sk, new_state == TCP_SYN_SENT ? VISTA_TCP_ACTIVE : VISTA_TCP_PASSIVE);
		return 0;
	}
	conn = bpf_map_lookup_elem(&connections, &key);
	if (!conn || conn->closed)
		return 0;
	/* FIN_WAIT1 and LAST_ACK are entered by close()/shutdown(): the process that owns the socket. */
	if (!conn->ev.event.pid && (new_state == TCP_FIN_WAIT1 || new_state == TCP_LAST_ACK))
		take_process(&conn->ev.event);
	if (new_state == TCP_CLOSE)
		closing(sk, conn, old_state);
	return 0;
}

static __always_inline void note_reset(const struct sock *sk, __u8 reset)
{
	__u64 key = (__u64)sk;
	struct connection *conn;

	if (!sk)
		return;
	conn = bpf_map_lookup_elem(&connections, &key);
	if (!conn || conn->ev.tcp.reset)
		return;
	conn->ev.tcp.reset = reset;
	/* Sent resets on a connection of unknown owner come from close() or disconnect: the owner. */
	if (reset == VISTA_TCP_RESET_SENT && !conn->ev.event.pid)
		take_process(&conn->ev.event);
}

/* tcp_send_reset(sk, skb, reason): sk is NULL for a segment that matched no socket. */
VISTA_TP_BTF(tcp_send_reset)
int vista_tcp_send_reset(__u64 *ctx)
{
	note_reset((const struct sock *)ctx[0], VISTA_TCP_RESET_SENT);
	return 0;
}

/* tcp_receive_reset(sk) */
VISTA_TP_BTF(tcp_receive_reset)
int vista_tcp_receive_reset(__u64 *ctx)
{
	note_reset((const struct sock *)ctx[0], VISTA_TCP_RESET_RECEIVED);
	return 0;
}

/* tcp_destroy_sock(sk): the end of the socket; its connection's record goes out now. */
VISTA_TP_BTF(tcp_destroy_sock)
int vista_tcp_destroy_sock(__u64 *ctx)
{
	struct sock *sk = (struct sock *)ctx[0];
	__u64 key = (__u64)sk;
	struct connection *conn = bpf_map_lookup_elem(&connections, &key);

	if (!conn)
		return 0;
	emit(conn);
	bpf_map_delete_elem(&connections, &key);
	return 0;
}
