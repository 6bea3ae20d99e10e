/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Raw structs (CONFIG.output_skb, CONFIG.output_shinfo): a packet event carries the bytes of its
 * struct sk_buff, and of the struct skb_shared_info at skb->head + skb->end, as many as the running
 * kernel's BTF says the structs take (CO-RE: bpf_core_type_size), for user space to decode with that
 * BTF. This replaces bpf_snprintf_btf, which formats text in the kernel for every event. The record
 * is assembled in a per-CPU scratch buffer (event, stack frames, struct vista_struct_copies, bytes)
 * and copied into the ring at its real size.
 */
#ifndef VISTA_SKB_STRUCTS_H
#define VISTA_SKB_STRUCTS_H

#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include "vista_ring.h"

struct vista_structs_record {
	struct vista_event event;
	__u8 tail[STACK_BYTES_MAX + sizeof(struct vista_struct_copies) + 2 * VISTA_MAX_STRUCT_BYTES];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct vista_structs_record);
} structs_scratch SEC(".maps");

/* Copies up to size bytes (at most VISTA_MAX_STRUCT_BYTES) from src; returns how many, 0 if the read failed. */
static __always_inline __u32 copy_struct(__u8 *dst, __u32 size, const void *src)
{
	if (size > VISTA_MAX_STRUCT_BYTES)
		size = VISTA_MAX_STRUCT_BYTES;
	return bpf_probe_read_kernel(dst, size, src) ? 0 : size;
}

/* Writes the event, its stack when asked, and the structs asked for into the ring, at the size they take. */
static __always_inline int submit_event_with_structs(void *ctx, struct vista_event *ev, struct sk_buff *skb)
{
	__u32 zero = 0;
	struct vista_structs_record *rec = bpf_map_lookup_elem(&structs_scratch, &zero);
	struct vista_struct_copies *copies;
	__u32 stack_bytes = 0;
	__u32 skb_bytes = 0;
	__u32 shinfo_bytes = 0;
	__u8 *bytes;

	if (!rec)
		return 0;
	if (wants_stack(ev->source, ev->where)) {
		ev->stack_depth = read_stack(ctx, (__u64 *)rec->tail);
		stack_bytes = ev->stack_depth * sizeof(__u64);
		if (stack_bytes > STACK_BYTES_MAX)
			stack_bytes = STACK_BYTES_MAX;
	}
	copies = (struct vista_struct_copies *)(rec->tail + stack_bytes);
	bytes = (__u8 *)(copies + 1);
	if (CONFIG.output_skb)
		skb_bytes = copy_struct(bytes, bpf_core_type_size(struct sk_buff), skb);
	if (CONFIG.output_shinfo)
		shinfo_bytes = copy_struct(bytes + skb_bytes, bpf_core_type_size(struct skb_shared_info),
					   skb->head + skb->end);
	copies->skb_bytes = skb_bytes;
	copies->shinfo_bytes = shinfo_bytes;
	rec->event = *ev;
	output_record(rec, sizeof(rec->event) + stack_bytes + sizeof(*copies) + skb_bytes + shinfo_bytes);
	return 0;
}

#endif /* VISTA_SKB_STRUCTS_H */
