// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* An XDP program for tests: drops IPv4 UDP datagrams to port DROP_PORT (XDP_DROP), passes the rest. */
#include "test_programs.h"

#define DROP_PORT 7003

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("xdp")
int xdp_drop_udp(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct iphdr *ip = ipv4_header((void *)(long)ctx->data, data_end);
	struct udphdr *udp = ip ? udp_header(ip, data_end) : NULL;

	return udp && udp->dest == bpf_htons(DROP_PORT) ? XDP_DROP : XDP_PASS;
}
