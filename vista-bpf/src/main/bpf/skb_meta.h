/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Device, namespace and size facts of an skb, read with CO-RE so any kernel layout works. */
#ifndef VISTA_SKB_META_H
#define VISTA_SKB_META_H

#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>
#include "vista_event.h"

static __always_inline __u32 skb_netns(struct sk_buff *skb, struct net_device *dev)
{
	if (dev)
		return BPF_CORE_READ(dev, nd_net.net, ns.inum);
	/* No device yet (early transmit path): fall back to the owning socket's namespace. */
	struct sock *sk = BPF_CORE_READ(skb, sk);
	if (sk)
		return BPF_CORE_READ(sk, __sk_common.skc_net.net, ns.inum);
	return 0;
}

static __always_inline void read_skb_meta(struct sk_buff *skb, struct vista_event *ev)
{
	struct net_device *dev = BPF_CORE_READ(skb, dev);

	ev->netns = skb_netns(skb, dev);
	ev->mark = BPF_CORE_READ(skb, mark);
	ev->len = BPF_CORE_READ(skb, len);
	ev->protocol = bpf_ntohs(BPF_CORE_READ(skb, protocol));
	ev->pkt_type = BPF_CORE_READ_BITFIELD_PROBED(skb, pkt_type);
	if (dev) {
		ev->ifindex = BPF_CORE_READ(dev, ifindex);
		ev->mtu = BPF_CORE_READ(dev, mtu);
		bpf_probe_read_kernel(ev->ifname, sizeof(ev->ifname), &dev->name);
	}
}

#endif /* VISTA_SKB_META_H */
