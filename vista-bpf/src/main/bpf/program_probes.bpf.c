// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Whether this kernel lets fentry attach to another BPF program (how TC and XDP programs are
 * traced): user space loads the XDP target, then loads the fentry program aimed at it through its
 * fd. Kernels that refuse trampolines answer EPERM at load.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("xdp")
int vista_probe_xdp_target(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("fentry")
int vista_probe_prog_fentry(void *ctx)
{
	return 0;
}
