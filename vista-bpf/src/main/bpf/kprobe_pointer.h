/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What the kprobe programs (kprobe_functions.bpf.c, kprobe_multi_functions.bpf.c) share: a kprobe's
 * arguments are bare numbers in registers, which bpf_rdonly_cast types (Linux 6.2+; verified into a
 * plain move), so emit_skb_event() reads the skb's fields with plain loads as the tp_btf and fentry
 * programs do.
 */
#ifndef VISTA_KPROBE_POINTER_H
#define VISTA_KPROBE_POINTER_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym;

/* A kernel pointer from a kprobe's register, typed as TYPE for the verifier (read-only, fault-safe). */
#define KERNEL_POINTER(type, value) ((type *)bpf_rdonly_cast((void *)(value), bpf_core_type_id_kernel(type)))

#endif /* VISTA_KPROBE_POINTER_H */
