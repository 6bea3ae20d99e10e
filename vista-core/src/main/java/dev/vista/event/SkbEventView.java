package dev.vista.event;

/**
 * A zero-copy view of one event while it is still in the ring buffer: valid only during the
 * callback that receives it (keep {@link TraceEvent}s instead). For sinks that must not allocate
 * per event, e.g. counters and samplers on busy machines.
 */
public interface SkbEventView {
    long timestampNs();

    int cpu();

    int pid();

    long skb();

    /** The tracepoint, or null when a newer BPF object wrote an id this version does not know. */
    Tracepoint tracepoint();

    long location();

    long netns();

    long mark();

    int ifindex();

    int len();

    int mtu();

    /** The ethertype. */
    int protocol();

    int pktType();

    /** The raw {@code enum skb_drop_reason} value (kfree_skb only). */
    int dropReasonValue();

    /** 4, 6, or 0 when the packet is not IP. */
    int ipVersion();

    int l4Protocol();

    int sourcePort();

    int destinationPort();

    int tcpFlags();

    int stackDepth();

    long stackAddress(int frame);
}
