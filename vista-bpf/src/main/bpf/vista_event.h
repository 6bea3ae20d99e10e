/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The records BPF programs write into the ring buffer and the configuration user space fills in
 * before load. Java mirrors these layouts (dev.vista.internal.ringbuf.EventLayout and
 * dev.vista.internal.load.ConfigLayout); a test compiles this header with gcc and compares offsets.
 * Only fixed-width __uN types, so the header compiles both against vmlinux.h and <linux/types.h>.
 */
#ifndef VISTA_EVENT_H
#define VISTA_EVENT_H

#define VISTA_IFNAMSIZ 16
#define VISTA_COMM_LEN 16
#define VISTA_MAX_STACK_DEPTH 32

/* Where an event came from (vista_event.source). */
enum vista_source {
	VISTA_SOURCE_SKB_TRACEPOINT = 1,
	VISTA_SOURCE_SKB_FUNCTION = 2,
	VISTA_SOURCE_SK_FUNCTION = 3, /* a struct vista_sk_event: a kernel function taking a struct sock * */
	VISTA_SOURCE_TCP_LIFETIME = 4, /* a struct vista_tcp_event: one TCP connection ended */
	VISTA_SOURCE_CGROUP_SOCKET = 5, /* a struct vista_socket_event: a process of the cgroup used a socket */
	VISTA_SOURCE_SK_TRACEPOINT = 6, /* a struct vista_sk_event: a sock or tcp tracepoint (vista_event.where) */
	VISTA_SOURCE_LOSS = 7, /* a struct vista_loss_event: this CPU lost events since its previous marker */
	VISTA_SOURCE_NETFILTER = 8, /* a struct vista_nf_event: what a netfilter table decided about a packet */
	/* A vista_event at the entry or exit of a TC (9) or XDP (10) BPF program: where is enum
	 * vista_program_phase, func_ip the program's address; at exit drop_reason is its return value and
	 * location the nanoseconds it ran (0 when its entry was not seen on this CPU). */
	VISTA_SOURCE_TC_PROGRAM = 9,
	VISTA_SOURCE_XDP_PROGRAM = 10,
};

/* vista_event.where of a TC or XDP program's event. */
enum vista_program_phase {
	VISTA_PROGRAM_ENTRY = 1,
	VISTA_PROGRAM_EXIT = 2,
};

/* Values of vista_nf_info.verdict: the kernel's NF_* verdicts (what a table's hook function returned). */
enum vista_nf_verdict {
	VISTA_NF_DROP = 0,
	VISTA_NF_ACCEPT = 1,
	VISTA_NF_STOLEN = 2,
	VISTA_NF_QUEUE = 3,
	VISTA_NF_REPEAT = 4,
	VISTA_NF_STOP = 5,
};

/* Values of vista_nf_info.way: how the verdict was observed. */
enum vista_nf_way {
	VISTA_NF_WAY_LINK = 1,     /* netfilter BPF links just before and after the table's hook */
	VISTA_NF_WAY_FUNCTION = 2, /* entry and return of the table's kernel function */
};

/* Values of vista_socket_info.call: what the process did with the socket. */
enum vista_socket_call {
	VISTA_SOCKET_CONNECT = 1,
	VISTA_SOCKET_ACCEPT = 2,
	VISTA_SOCKET_SEND = 3, /* sendto/sendmsg with a destination, once per socket and destination */
};

#define VISTA_UNIX_PATH_LEN 108

/* Values of vista_tcp_info.direction: who opened the connection. */
enum vista_tcp_direction {
	VISTA_TCP_ACTIVE = 1,  /* this host connected (SYN_SENT) */
	VISTA_TCP_PASSIVE = 2, /* this host accepted (SYN_RECV) */
};

/* Values of vista_tcp_info.reset. */
enum vista_tcp_reset {
	VISTA_TCP_NO_RESET = 0,
	VISTA_TCP_RESET_SENT = 1,
	VISTA_TCP_RESET_RECEIVED = 2,
};

/*
 * Attach cookie of each function of the kprobe.multi program (kprobe_functions.bpf.c): the
 * 1-based argument position of its struct sk_buff * and of its struct sock *, 0 where it is not
 * traced as such (a function can be traced as both). Bits 32 and up are user space's (which function
 * it is, to name events by); the program reads only these. Java: dev.vista.internal.attach.KprobeMultiAttacher.
 */
enum vista_kmulti_cookie {
	VISTA_KMULTI_POSITION_MASK = 0xff,
	VISTA_KMULTI_SKB_SHIFT = 0,
	VISTA_KMULTI_SK_SHIFT = 8,
};

/* Values of vista_event.packet: where the captured bytes start (vista_config.snaplen > 0). */
enum vista_packet_start {
	VISTA_PACKET_NONE = 0,    /* nothing captured: no MAC header and no IP header found */
	VISTA_PACKET_MAC = 1,     /* at the MAC (link-layer) header */
	VISTA_PACKET_NETWORK = 2, /* at the IP header: the skb had no link-layer header */
};

/* The most packet bytes one event carries (vista_config.snaplen is at most this). */
#define VISTA_MAX_SNAPLEN 8192

/* Values of vista_config.stack_mode. */
enum vista_stack_mode {
	VISTA_STACK_NONE = 0,
	VISTA_STACK_ALL = 1,   /* every event */
	VISTA_STACK_DROPS = 2, /* kfree_skb events only */
};

/* Layer 3/4 view of a packet; addresses in network order, ports in host order. */
struct vista_tuple {
	__u8 saddr[16]; /* IPv4 uses the first 4 bytes */
	__u8 daddr[16];
	__u16 sport;
	__u16 dport;
	__u8 l3;        /* 4, 6, or 0 when the packet is not IP */
	__u8 l4proto;   /* IPPROTO_* */
	__u8 tcp_flags;
	__u8 icmp_type;
	__u8 icmp_code;
	__u8 pad;
	__u16 icmp_id;  /* host order */
	__u16 icmp_seq; /* host order */
	__u16 pad2;
};

struct vista_event {
	__u64 ts_ns;       /* bpf_ktime_get_ns: CLOCK_MONOTONIC */
	__u64 skb;         /* kernel address of the sk_buff */
	__u64 location;    /* kfree_skb/consume_skb: the caller that freed it */
	__u32 pid;         /* tgid */
	__u32 cpu;
	__u16 where;       /* tracepoint: enum vista_tracepoint; function: the skb's argument position */
	__u8 source;       /* enum vista_source */
	__u8 stack_depth;  /* number of __u64 frames after this struct */
	__u32 netns;       /* inode of the network namespace */
	__u32 mark;
	__u32 ifindex;
	__u32 len;
	__u32 mtu;
	__u32 drop_reason; /* enum skb_drop_reason of the running kernel */
	__u16 protocol;    /* ethertype, host order */
	__u8 pkt_type;
	__u8 packet;       /* enum vista_packet_start: a struct vista_packet follows the stack frames */
	char comm[VISTA_COMM_LEN];
	char ifname[VISTA_IFNAMSIZ];
	struct vista_tuple tuple;
	__u64 func_ip;     /* kernel function events: the traced function's address */
};

/* What a TCP connection did in its life, read from struct tcp_sock when it ends. */
struct vista_tcp_info {
	__u64 lifetime_ns;    /* from SYN_SENT / SYN_RECV to CLOSE */
	__u64 bytes_received; /* payload, the peer's FIN not counted */
	__u64 bytes_sent;     /* payload, each retransmitted byte counted once */
	__u32 srtt_us;        /* smoothed round-trip time */
	__u32 total_retrans;  /* segments retransmitted */
	__u8 direction;       /* enum vista_tcp_direction */
	__u8 reset;           /* enum vista_tcp_reset */
	__u8 last_state;      /* TCP_* state before CLOSE */
	__u8 pad[5];
	char congestion[VISTA_COMM_LEN]; /* congestion control algorithm (TCP_CA_NAME_MAX = 16) */
};

/* The end of a TCP connection (source VISTA_SOURCE_TCP_LIFETIME). In event: skb is the struct
 * sock's address, tuple is local -> remote, pid and comm are the process that connected (active)
 * or that closed it (passive; 0 when it was not seen). */
struct vista_tcp_event {
	struct vista_event event;
	struct vista_tcp_info tcp;
};

/* What a netfilter table (an iptables table or an nftables base chain at one hook) decided. */
struct vista_nf_info {
	__u64 cost_ns;                   /* from just before the table to its verdict */
	struct vista_tuple tuple_before; /* the packet before the table (event.tuple: after it, e.g. DNAT) */
	__u16 table;                     /* the position user space attached at (its own numbering) */
	__u8 family;                     /* NFPROTO_IPV4 (2), NFPROTO_IPV6 (10), ... */
	__u8 hook;                       /* NF_INET_PRE_ROUTING (0) ... NF_INET_POST_ROUTING (4) */
	__u8 verdict;                    /* enum vista_nf_verdict */
	__u8 way;                        /* enum vista_nf_way */
	__u8 pad[2];
};

/* A netfilter verdict (source VISTA_SOURCE_NETFILTER). In event: ts_ns is when the verdict was seen,
 * drop_reason the reason the packet was freed with (DROP and STOLEN), the rest the packet as for skb
 * events. */
struct vista_nf_event {
	struct vista_event event;
	struct vista_nf_info nf;
};

/* The socket of a connect, accept or addressed send. */
struct vista_socket_info {
	__u16 family; /* AF_INET, AF_INET6, AF_UNIX */
	__u16 type;   /* SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, ... */
	__u8 call;    /* enum vista_socket_call */
	__u8 pad[3];
	char path[VISTA_UNIX_PATH_LEN]; /* AF_UNIX: sun_path (an abstract name starts with a 0 byte) */
};

/* A process of the traced cgroup used a socket (source VISTA_SOURCE_CGROUP_SOCKET). In event: skb is
 * the struct sock's address, tuple is local -> remote for AF_INET and AF_INET6. */
struct vista_socket_event {
	struct vista_event event;
	struct vista_socket_info socket;
};

/* The fields of a struct sock (and its struct socket) that vista's --output-sk prints. */
struct vista_sk_info {
	__u64 inode;        /* the socket's inode (as in /proc/PID/fd and ss -e), 0 without a struct socket */
	__u32 rcvbuf;
	__u32 sndbuf;
	__u32 priority;
	__u16 type;         /* SOCK_STREAM, SOCK_DGRAM, ... */
	__u8 family;
	__u8 state;         /* TCP_* state (sk_state) */
	__u8 socket_state;  /* SS_* of the struct socket, 0 without one */
	__u8 old_state;     /* inet_sock_set_state: the state left */
	__u8 new_state;     /* inet_sock_set_state: the state entered */
	__u8 reuseport;     /* skc_reuseport: SO_REUSEPORT set */
	__u32 backlog;      /* sk_backlog.len: bytes queued while the socket was owned by a process */
	__u64 socket_flags; /* the struct socket's flags (SOCK_NOSPACE, ...), 0 without one */
};

/* A socket at a sock or tcp tracepoint (source VISTA_SOURCE_SK_TRACEPOINT, where: enum
 * vista_sk_tracepoint) or in a kernel function (VISTA_SOURCE_SK_FUNCTION, where: the argument
 * position, func_ip: the function). In event: skb is the struct sock's address, tuple is
 * local -> remote, ifindex the bound device. */
struct vista_sk_event {
	struct vista_event event;
	struct vista_sk_info sk;
};

/* A socket event followed by its kernel stack: after the sock fields, not right after the header. */
struct vista_sk_event_with_stack {
	struct vista_sk_event sk_event;
	__u64 stack[VISTA_MAX_STACK_DEPTH];
};

/*
 * The captured packet of a packet event whose vista_event.packet is set: right after the event's
 * stack_depth stack frames, followed by caplen bytes of the packet. Only the skb's linear data is
 * captured (paged fragments cannot be read by address from a tracing program), so caplen may be less
 * than both the snaplen and len.
 */
struct vista_packet {
	__u32 caplen; /* bytes of the packet that follow */
	__u32 len;    /* the packet's whole length from the same start, linear and paged */
};

/*
 * With CONFIG.output_skb or output_shinfo, a packet event's record continues after its stack_depth
 * stack frames (and its struct vista_packet with its bytes, when it has them) with this, then
 * skb_bytes of its struct sk_buff, then shinfo_bytes of its struct skb_shared_info (0 when not asked
 * for or when the read failed).
 */
struct vista_struct_copies {
	__u32 skb_bytes;
	__u32 shinfo_bytes;
};

/* The most bytes of one struct an event carries: more than sk_buff (about 240) and skb_shared_info (about 320) take. */
#define VISTA_MAX_STRUCT_BYTES 1024

/* An event followed by its kernel stack (stack_depth frames are valid). */
struct vista_event_with_stack {
	struct vista_event event;
	__u64 stack[VISTA_MAX_STACK_DEPTH];
};

/*
 * Per CPU (the lost_events map): the events the ring could not hold since start, and how many of them
 * loss markers in the ring have reported; what is not reported yet is reported by the next marker.
 */
struct vista_loss_counter {
	__u64 lost;
	__u64 reported;
	__u64 first_ns; /* bpf_ktime_get_ns of the first loss not reported yet */
	__u32 sources;  /* 1 << enum vista_source of each loss not reported yet */
	__u32 pad;
};

/*
 * A loss marker (source VISTA_SOURCE_LOSS): written before the next event of a CPU that lost events,
 * so the stream shows where they went missing. ts_ns, cpu and source sit where vista_event has them,
 * so the consumer tells the kinds of record apart in one place.
 */
struct vista_loss_event {
	__u64 ts_ns;   /* the first of these losses */
	__u64 count;   /* events lost on this CPU since its previous marker */
	__u32 sources; /* 1 << enum vista_source of the events lost */
	__u32 pad[2];
	__u32 cpu;
	__u16 where;   /* 0 */
	__u8 source;   /* VISTA_SOURCE_LOSS */
	__u8 pad2[5];
};

/* Filled by user space before load (a volatile const in .rodata); zero means "any". */
struct vista_config {
	__u32 netns;
	__u32 mark;
	__u8 filter_mark;   /* mark 0 is a valid filter value, so it needs its own switch */
	__u8 l4proto;
	__u16 port;
	__u8 addr_l3;       /* 4 or 6 when filtering by address, else 0 */
	__u8 stack_mode;    /* enum vista_stack_mode */
	__u8 track_skb;     /* once an skb matched, follow it even when it no longer matches */
	__u8 pcap_filter;   /* a pcap-filter expression was spliced into vista_pcap_filter() */
	__u32 wakeup_bytes; /* a power of two: wake the consumer each time this much more data waits */
	__u8 addr[16];
	char ifname[VISTA_IFNAMSIZ];
	__u64 free_func_ip; /* kfree_skbmem: where a followed skb's life ends (function tracing) */
	__u32 sk_mark;      /* mark of the skb's (or the traced) socket, with filter_sk_mark */
	__u32 pid;          /* tgid of the current task, or 0 for any */
	char comm[VISTA_COMM_LEN]; /* comm of the current task, or empty for any */
	__u16 icmp_id;      /* ICMP/ICMPv6 echo id (host order), with filter_icmp_id */
	__u8 filter_sk_mark;
	__u8 filter_icmp_id;
	__u32 snaplen;      /* packet events carry up to this many bytes of their packet; 0: none */
	__u64 tcp_min_lifetime_ns; /* TCP lifetime: only connections that lived at least this long */
	__u8 output_skb;    /* packet events carry their struct sk_buff's bytes (skb_structs.h) */
	__u8 output_shinfo; /* packet events carry their struct skb_shared_info's bytes */
	__u8 pad2[6];
};

#endif /* VISTA_EVENT_H */
