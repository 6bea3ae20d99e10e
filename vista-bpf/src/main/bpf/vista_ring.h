/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What every object of a trace shares: the configuration, the ring buffer and the per-CPU loss counter
 * (user space makes every object of a trace reuse one ring and one counter), and the helpers that
 * reserve, write and submit records with loss markers and batched wakeups. Per-concern headers
 * (skb_event.h, sk_event.h) build on it; an object carries only the maps of the headers it includes.
 *
 * Architectures: CO-RE makes struct reads portable, but the build and two objects are x86-64's.
 * build-bpf.sh compiles with -D__TARGET_ARCH_x86, so that the kprobe programs' PT_REGS_PARMn
 * (bpf_tracing.h) read x86-64's struct pt_regs; vmlinux.h was dumped from an x86-64 kernel; and
 * cgroup_sockets.bpf.c reads the syscall number and arguments from x86-64's pt_regs (orig_ax, di, si,
 * r8) and compares x86-64's numbers (connect 42, accept 43, sendto 44, sendmsg 46, accept4 288). An
 * arm64 port compiles with -D__TARGET_ARCH_arm64 against a vmlinux.h of an arm64 kernel, reads
 * syscallno and regs[0..4] there, and uses arm64's numbers (connect 203, accept 202, sendto 206,
 * sendmsg 211, accept4 242). Tracepoints, fentry and the ring need nothing more.
 */
#ifndef VISTA_RING_H
#define VISTA_RING_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "vista_event.h"
#include "vista_tracepoints.h"

volatile const struct vista_config CONFIG = {};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 * 1024 * 1024); /* resized by user space before load */
} events SEC(".maps");

/* Events that did not fit into the ring buffer, per CPU: never dropped silently, and reported in the
 * stream by a loss marker before the CPU's next event. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct vista_loss_counter);
} lost_events SEC(".maps");

static __always_inline void count_lost(__u8 source)
{
	__u32 zero = 0;
	struct vista_loss_counter *loss = bpf_map_lookup_elem(&lost_events, &zero);

	if (!loss)
		return;
	if (loss->lost == loss->reported)
		loss->first_ns = bpf_ktime_get_ns();
	loss->lost += 1;
	loss->sources |= 1U << source;
}

/*
 * Before each event: if this CPU lost events since its last marker, a marker saying how many goes into
 * the ring first (the one per-CPU map read an event costs). A program that interrupts this one on the
 * same CPU may count a loss meanwhile: `reported` grows by what this marker says, never jumps to `lost`,
 * so such a loss waits for the next marker instead of vanishing.
 */
static __always_inline void write_loss_marker(void)
{
	__u32 zero = 0;
	struct vista_loss_counter *loss = bpf_map_lookup_elem(&lost_events, &zero);
	struct vista_loss_event *marker;
	__u64 count;

	if (!loss || loss->lost == loss->reported)
		return;
	marker = bpf_ringbuf_reserve(&events, sizeof(*marker), 0);
	if (!marker)
		return;
	count = loss->lost - loss->reported;
	__builtin_memset(marker, 0, sizeof(*marker));
	marker->ts_ns = loss->first_ns;
	marker->count = count;
	marker->sources = loss->sources;
	marker->cpu = bpf_get_smp_processor_id();
	marker->source = VISTA_SOURCE_LOSS;
	loss->reported += count;
	loss->sources = 0;
	/* The event that follows wakes the consumer if it must. */
	bpf_ringbuf_submit(marker, BPF_RB_NO_WAKEUP);
}

/* Reserves a record of a constant size, after the loss marker it may need; a full ring counts it lost. */
#define reserve_record(size, source)                                                     \
	({                                                                               \
		void *__record;                                                          \
		write_loss_marker();                                                     \
		__record = bpf_ringbuf_reserve(&events, (size), 0);                      \
		if (!__record)                                                           \
			count_lost(source);                                              \
		__record;                                                                \
	})

/* Space a record takes in the ring: an 8-byte header, then the record rounded up to 8 bytes. */
#define RING_SPACE(size) (BPF_RINGBUF_HDR_SZ + (((size) + 7) & ~7ULL))

/*
 * Batched wakeups: the consumer polls on a short timer and is woken early only by a record that takes
 * the data waiting past a multiple of CONFIG.wakeup_bytes (a power of two: an eighth of the ring).
 * Waking on every record past it raised an interrupt per event while a slow consumer was draining
 * anyway (each event cost 2-3 times more); watching every multiple, not just the first, still wakes
 * the consumer should records of two CPUs cross one together and neither see it. `waiting` counts the
 * record itself.
 */
static __always_inline __u64 wakeup_flag(__u64 waiting, __u64 size)
{
	__u64 multiples = ~((__u64)CONFIG.wakeup_bytes - 1);

	return (waiting & multiples) != ((waiting - RING_SPACE(size)) & multiples) ? BPF_RB_FORCE_WAKEUP
										     : BPF_RB_NO_WAKEUP;
}

/* Commits a record reserved in the ring. */
static __always_inline void submit_record(void *record, __u64 size)
{
	bpf_ringbuf_submit(record, wakeup_flag(bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA), size));
}

static __always_inline bool is_drop(__u8 source, __u16 where)
{
	return source == VISTA_SOURCE_SKB_TRACEPOINT && where == VISTA_TP_KFREE_SKB;
}

static __always_inline bool wants_stack(__u8 source, __u16 where)
{
	return CONFIG.stack_mode == VISTA_STACK_ALL ||
	       (CONFIG.stack_mode == VISTA_STACK_DROPS && is_drop(source, where));
}

/*
 * Who is running: stamped before filtering, as pid and comm are filters too. Read from the typed
 * task_struct with plain loads: bpf_get_current_comm() alone costs about 30 ns a call here.
 */
static __always_inline void stamp_task(struct vista_event *ev)
{
	struct task_struct *task = bpf_get_current_task_btf();

	ev->pid = task->tgid;
	__builtin_memcpy(ev->comm, task->comm, sizeof(ev->comm));
}

/* When and where: the time and CPU. */
static __always_inline void stamp_time(struct vista_event *ev)
{
	ev->ts_ns = bpf_ktime_get_ns();
	ev->cpu = bpf_get_smp_processor_id();
}

/* Who, when and where, for events whose filters do not look at the task. */
static __always_inline void stamp_event(struct vista_event *ev)
{
	stamp_task(ev);
	stamp_time(ev);
}

/* Writes a record (a vista_event first) into the ring, counting it as lost when the ring is full. */
static __always_inline void output_record(void *record, __u64 size)
{
	__u64 waiting;

	write_loss_marker();
	waiting = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) + RING_SPACE(size);
	if (bpf_ringbuf_output(&events, record, size, wakeup_flag(waiting, size)))
		count_lost(((struct vista_event *)record)->source);
}

#define STACK_BYTES_MAX (VISTA_MAX_STACK_DEPTH * sizeof(__u64))

/* Writes the kernel stack into frames (VISTA_MAX_STACK_DEPTH of them); returns how many are valid. */
static __always_inline __u8 read_stack(void *ctx, __u64 *frames)
{
	long bytes = bpf_get_stack(ctx, frames, VISTA_MAX_STACK_DEPTH * sizeof(__u64), 0);

	return bytes > 0 ? bytes / sizeof(__u64) : 0;
}

#endif /* VISTA_RING_H */
