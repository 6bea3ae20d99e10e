/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What the kprobe programs (kprobe_functions.bpf.c, kprobe_multi_functions.bpf.c,
 * netfilter_functions.bpf.c) share: a kprobe's arguments are bare numbers in registers, which the
 * kfunc bpf_rdonly_cast types (Linux 6.2+; verified into a plain move), so emit_skb_event() reads
 * the skb's fields with plain loads as the tp_btf and fentry programs do.
 *
 * The call is written as its instructions, with placeholders where the kernel's BTF ids go (the
 * kfunc's and the struct's), and user space fills them in from the BTF it has parsed before libbpf
 * opens the object (ReadOnlyCasts.java). Declared the usual way, as an extern __ksym called with
 * bpf_core_type_id_kernel(), the call would make libbpf read and search the kernel's whole BTF at
 * every load: 0.2-0.3 s of CPU at a kprobe-multi start in an emulated machine (BENCHMARKS.md, issue 19).
 */
#ifndef VISTA_KPROBE_POINTER_H
#define VISTA_KPROBE_POINTER_H

#include "vmlinux.h"

/* The placeholders; ReadOnlyCasts.java has the same table. */
#define VISTA_BTF_ID_BPF_RDONLY_CAST 0x7eb70001
#define VISTA_BTF_ID_sk_buff 0x7eb70002
#define VISTA_BTF_ID_sock 0x7eb70003

/*
 * A kernel pointer from a kprobe's register, typed as struct TAG for the verifier (read-only,
 * fault-safe): r0 = bpf_rdonly_cast(value, BTF id of struct TAG). The call is
 * BPF_JMP | BPF_CALL (0x85) with src_reg BPF_PSEUDO_KFUNC_CALL (2) and the kfunc's BTF id in imm;
 * like any call, it clobbers r1-r5.
 */
#define KERNEL_POINTER(tag, value)                                                            \
	({                                                                                    \
		register __u64 __cast_arg asm("r1") = (__u64)(value);                          \
		register __u64 __cast_result asm("r0");                                        \
		asm volatile("r2 = %[type_id]\n\t"                                             \
			     ".byte 0x85, 0x20, 0, 0\n\t"                                      \
			     ".long %[kfunc_id]"                                               \
			     : "=r"(__cast_result), "+r"(__cast_arg)                           \
			     : [type_id] "i"(VISTA_BTF_ID_##tag),                              \
			       [kfunc_id] "i"(VISTA_BTF_ID_BPF_RDONLY_CAST)                    \
			     : "r2", "r3", "r4", "r5");                                        \
		(struct tag *)__cast_result;                                                   \
	})

#endif /* VISTA_KPROBE_POINTER_H */
