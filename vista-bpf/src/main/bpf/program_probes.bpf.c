// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Whether this kernel lets fentry attach to another BPF program (how TC and XDP programs are
 * traced): user space loads the XDP target, then loads the fentry program aimed at it through its
 * fd. Kernels that refuse trampolines answer EPERM at load. The two targets are also the stand-ins
 * tc_xdp_programs.bpf.o loads against once (its copies then aim at the real programs), so that it
 * loads before any real program is found.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("xdp")
int vista_probe_xdp_target(struct xdp_md *ctx)
{
	return XDP_PASS;
}

/* Returns TC_ACT_OK (0): a TC program for the tracing programs of TC to be loaded against. */
SEC("tc")
int vista_probe_tc_target(struct __sk_buff *skb)
{
	return 0;
}

SEC("fentry")
int vista_probe_prog_fentry(void *ctx)
{
	return 0;
}
