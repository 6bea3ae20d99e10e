// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The smallest programs of each kernel-function backend. User space loads and attaches one to a
 * known function to learn whether this kernel supports the backend, instead of guessing from its
 * version string.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("kprobe")
int vista_probe_kprobe(void *ctx)
{
	return 0;
}

SEC("kprobe.multi")
int vista_probe_kmulti(void *ctx)
{
	return 0;
}

SEC("fentry")
int vista_probe_fentry(void *ctx)
{
	return 0;
}
