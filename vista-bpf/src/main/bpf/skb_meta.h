/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Device, namespace and size facts of an skb. The skb pointer is typed for the verifier (tp_btf and
 * fentry arguments are; kprobes cast theirs, kprobe_functions.bpf.c), so every field is a plain load,
 * CO-RE relocated and fault-safe, not a helper call: about 35 ns saved per field on our machines
 * (BENCHMARKS.md, "Under load").
 */
#ifndef VISTA_SKB_META_H
#define VISTA_SKB_META_H

#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>
#include "vista_event.h"

/*
 * skb->dev shares its word with dev_scratch, which UDP fills with packed lengths once the skb is
 * queued to a socket. Such a value is no kernel address (their top byte is 0xff on x86-64 and
 * arm64, with 4- or 5-level page tables); a plain load from it would take a fault, about 1 us each.
 */
static __always_inline struct net_device *skb_device(struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;

	return ((__u64)dev >> 56) == 0xff ? dev : NULL;
}

static __always_inline __u32 skb_netns(struct sk_buff *skb, struct net_device *dev)
{
	struct sock *sk;

	if (dev)
		return dev->nd_net.net->ns.inum;
	/* No device yet (early transmit path): fall back to the owning socket's namespace. */
	sk = skb->sk;
	if (sk)
		return sk->__sk_common.skc_net.net->ns.inum;
	return 0;
}

static __always_inline void read_skb_meta(struct sk_buff *skb, struct vista_event *ev)
{
	struct net_device *dev = skb_device(skb);

	ev->netns = skb_netns(skb, dev);
	ev->mark = skb->mark;
	ev->len = skb->len;
	ev->protocol = bpf_ntohs(skb->protocol);
	ev->pkt_type = BPF_CORE_READ_BITFIELD(skb, pkt_type);
	if (dev) {
		ev->ifindex = dev->ifindex;
		ev->mtu = dev->mtu;
		__builtin_memcpy(ev->ifname, dev->name, sizeof(ev->ifname));
	}
}

#endif /* VISTA_SKB_META_H */
