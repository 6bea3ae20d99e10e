package dev.vista.event;

import java.util.List;

/**
 * One packet seen at one tracepoint: an immutable copy, safe to keep and share across threads.
 *
 * @param timestampNs   CLOCK_MONOTONIC nanoseconds of the event (same clock as {@link System#nanoTime()})
 * @param epochNanos    wall-clock time of the event, nanoseconds since the epoch
 * @param source        the kind of probe that saw it
 * @param skb           the kernel address of the sk_buff (follows one packet across tracepoints and
 *                      functions)
 * @param tracepoint    where a tracepoint event was seen, else null
 * @param function      where a kernel-function event was seen (the function's name), else null
 * @param location      for kfree_skb/consume_skb: the kernel function that freed the packet, else null
 * @param protocol      the ethertype (0x0800 IPv4, 0x86dd IPv6)
 * @param tuple         the L3/L4 tuple, or null when the packet is not IP
 * @param dropReason    for kfree_skb: the kernel's reason, else null
 * @param stack         the kernel stack when requested, else empty
 * @param packet        the packet's bytes with capturePackets(snaplen), else null
 */
public record TraceEvent(long timestampNs, long epochNanos, int cpu, int pid, String comm, EventSource source,
        long skb, Tracepoint tracepoint, String function, String location, long netns, long mark, int ifindex,
        String ifname, int len, int mtu, int protocol, int pktType, Tuple tuple, DropReason dropReason,
        List<StackFrame> stack, CapturedPacket packet) {

    public TraceEvent {
        stack = List.copyOf(stack);
    }

    /** An event without a captured packet. */
    public TraceEvent(long timestampNs, long epochNanos, int cpu, int pid, String comm, EventSource source,
            long skb, Tracepoint tracepoint, String function, String location, long netns, long mark, int ifindex,
            String ifname, int len, int mtu, int protocol, int pktType, Tuple tuple, DropReason dropReason,
            List<StackFrame> stack) {
        this(timestampNs, epochNanos, cpu, pid, comm, source, skb, tracepoint, function, location, netns, mark,
                ifindex, ifname, len, mtu, protocol, pktType, tuple, dropReason, stack, null);
    }

    public boolean isDrop() {
        return tracepoint == Tracepoint.KFREE_SKB;
    }

    /**
     * For a kernel-function event with a stack ({@link dev.vista.Output#CALLER} or STACK): the frame
     * that called the traced function, e.g. {@code __netif_receive_skb_one_core+0x8d}; else null.
     */
    public String caller() {
        return function == null ? null : StackFrame.callerOf(function, stack);
    }

    /** The tracepoint's or the function's kernel name: where the packet was seen. */
    public String where() {
        return tracepoint != null ? tracepoint.kernelName() : function != null ? function : "unknown";
    }
}
