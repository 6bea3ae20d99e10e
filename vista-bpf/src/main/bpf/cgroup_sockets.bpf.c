// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The sockets the processes of one cgroup (v2) connect, accept and send to: on the raw syscall
 * exit tracepoint, for connect, accept, accept4, sendto and sendmsg that succeeded, of a task
 * under the cgroup user space put into cgroup_filter. The socket is found through the task's file
 * table, so the event carries what the kernel made of the call: both ends of an INET socket and the
 * peer's path of a Unix socket. Syscall numbers are x86-64's (vista_ring.h says what arm64 needs).
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include "tp_btf_section.h"
#include "sk_event.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define SYS_CONNECT 42
#define SYS_ACCEPT 43
#define SYS_SENDTO 44
#define SYS_SENDMSG 46
#define SYS_ACCEPT4 288
#define EINPROGRESS 115
#define S_IFMT 00170000
#define S_IFSOCK 0140000
#define MAX_SEND_DESTINATIONS 16384

/* Slot 0: the cgroup whose tasks are traced (user space stores its directory's fd). */
struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} cgroup_filter SEC(".maps");

struct send_key {
	__u64 sock;
	__u8 daddr[16];
	__u16 dport;
	__u16 pad[3];
};

/* Destinations already reported per socket: a datagram socket is reported once per peer, not per send. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, MAX_SEND_DESTINATIONS);
	__type(key, struct send_key);
	__type(value, __u8);
} reported_sends SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct vista_socket_event);
} socket_event_scratch SEC(".maps");

/* The socket behind the current task's file descriptor, or NULL if it is not a socket. */
static __always_inline struct socket *socket_of_fd(long fd)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct file **fds;
	struct file *file = NULL;

	if (fd < 0 || fd >= BPF_CORE_READ(fdt, max_fds))
		return NULL;
	fds = BPF_CORE_READ(fdt, fd);
	bpf_probe_read_kernel(&file, sizeof(file), &fds[fd]);
	if (!file || (BPF_CORE_READ(file, f_inode, i_mode) & S_IFMT) != S_IFSOCK)
		return NULL;
	return BPF_CORE_READ(file, private_data);
}

/* The destination of an addressed send, from the caller's sockaddr, into the tuple (or the path). */
static __always_inline bool read_user_destination(const void *uaddr, struct vista_socket_event *rec)
{
	struct vista_tuple *t = &rec->event.tuple;
	struct sockaddr_in6 sin6 = {};

	if (!uaddr)
		return false;
	if (rec->socket.family == AF_UNIX)
		return bpf_probe_read_user(rec->socket.path, sizeof(rec->socket.path),
					   uaddr + offsetof(struct sockaddr_un, sun_path)) == 0;
	if (bpf_probe_read_user(&sin6, sizeof(sin6), uaddr))
		return false;
	t->dport = bpf_ntohs(sin6.sin6_port);
	__builtin_memset(t->daddr, 0, sizeof(t->daddr));
	if (sin6.sin6_family == AF_INET) {
		__builtin_memcpy(t->daddr, &((struct sockaddr_in *)&sin6)->sin_addr, 4);
		t->l3 = 4;
	} else if (v4_mapped((const __u8 *)&sin6.sin6_addr)) {
		__builtin_memcpy(t->daddr, (const __u8 *)&sin6.sin6_addr + 12, 4);
		t->l3 = 4;
	} else {
		__builtin_memcpy(t->daddr, &sin6.sin6_addr, 16);
		t->l3 = 6;
	}
	return true;
}

/* The path a Unix socket is bound to (for an accepted socket: the listener's). */
static __always_inline void read_unix_address(struct sock *sk, char *path)
{
	struct unix_address *addr = BPF_CORE_READ((struct unix_sock *)sk, addr);

	if (addr)
		bpf_probe_read_kernel(path, VISTA_UNIX_PATH_LEN, &addr->name[0].sun_path);
}

static __always_inline bool first_send(struct sock *sk, const struct vista_tuple *t, const char *path)
{
	struct send_key key = {.sock = (__u64)sk, .dport = t->dport};
	__u8 seen = 1;

	if (path[0] || path[1])
		__builtin_memcpy(key.daddr, path, sizeof(key.daddr)); /* Unix: the path's start */
	else
		__builtin_memcpy(key.daddr, t->daddr, sizeof(key.daddr));
	return bpf_map_update_elem(&reported_sends, &key, &seen, BPF_NOEXIST) == 0;
}

static __always_inline void report(struct socket *sock, __u8 call, const void *uaddr)
{
	struct sock *sk = BPF_CORE_READ(sock, sk);
	struct vista_socket_event *rec;
	__u32 zero = 0;

	if (!sk)
		return;
	rec = bpf_map_lookup_elem(&socket_event_scratch, &zero);
	if (!rec)
		return;
	__builtin_memset(rec, 0, sizeof(*rec));
	rec->socket.family = BPF_CORE_READ(sk, __sk_common.skc_family);
	rec->socket.type = BPF_CORE_READ(sk, sk_type);
	rec->socket.call = call;
	if (rec->socket.family == AF_INET || rec->socket.family == AF_INET6) {
		read_sock(sk, &rec->event);
	} else if (rec->socket.family == AF_UNIX) {
		rec->event.netns = BPF_CORE_READ(sk, __sk_common.skc_net.net, ns.inum);
		if (call == VISTA_SOCKET_ACCEPT)
			read_unix_address(sk, rec->socket.path);
	} else {
		return;
	}
	if (call != VISTA_SOCKET_ACCEPT && uaddr && !read_user_destination(uaddr, rec))
		return;
	if (call == VISTA_SOCKET_SEND && !first_send(sk, &rec->event.tuple, rec->socket.path))
		return;
	stamp_event(&rec->event);
	rec->event.skb = (__u64)sk;
	rec->event.source = VISTA_SOURCE_CGROUP_SOCKET;
	output_record(rec, sizeof(*rec));
}

/* sys_exit(regs, ret): the arguments are still in regs (di, si, dx, r10, r8, r9). */
VISTA_TP_BTF(sys_exit)
int vista_cgroup_sockets(__u64 *ctx)
{
	struct pt_regs *regs = (struct pt_regs *)ctx[0];
	long ret = (long)ctx[1];
	long nr = BPF_CORE_READ(regs, orig_ax);
	struct socket *sock;
	const void *msg_name = NULL;

	if (nr != SYS_CONNECT && nr != SYS_ACCEPT && nr != SYS_ACCEPT4 && nr != SYS_SENDTO && nr != SYS_SENDMSG)
		return 0;
	if (bpf_current_task_under_cgroup(&cgroup_filter, 0) != 1)
		return 0;
	switch (nr) {
	case SYS_CONNECT:
		if (ret != 0 && ret != -EINPROGRESS)
			return 0;
		sock = socket_of_fd(BPF_CORE_READ(regs, di));
		/* INET sockets know their peer now; a Unix peer is named by the caller's sockaddr. */
		if (sock && BPF_CORE_READ(sock, sk, __sk_common.skc_family) == AF_UNIX)
			msg_name = (const void *)BPF_CORE_READ(regs, si);
		if (sock)
			report(sock, VISTA_SOCKET_CONNECT, msg_name);
		return 0;
	case SYS_ACCEPT:
	case SYS_ACCEPT4:
		if (ret < 0)
			return 0;
		sock = socket_of_fd(ret);
		if (sock)
			report(sock, VISTA_SOCKET_ACCEPT, NULL);
		return 0;
	case SYS_SENDTO:
		msg_name = (const void *)BPF_CORE_READ(regs, r8);
		break;
	default: {
		struct user_msghdr *msg = (struct user_msghdr *)BPF_CORE_READ(regs, si);

		bpf_probe_read_user(&msg_name, sizeof(msg_name), &msg->msg_name);
		break;
	}
	}
	if (ret < 0 || !msg_name)
		return 0;
	sock = socket_of_fd(BPF_CORE_READ(regs, di));
	if (sock)
		report(sock, VISTA_SOCKET_SEND, msg_name);
	return 0;
}
