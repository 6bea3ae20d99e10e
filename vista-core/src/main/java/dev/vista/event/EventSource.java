package dev.vista.event;

/** What kind of probe saw an event (a packet event's {@link TraceEvent#source()}; the sources of a {@link LossEvent}). */
public enum EventSource {
    /** An skb tracepoint: {@link TraceEvent#tracepoint()} says which. */
    SKB_TRACEPOINT,
    /** A kernel function taking the packet's {@code struct sk_buff *}: {@link TraceEvent#function()} names it. */
    SKB_FUNCTION,
    /** A kernel function taking a {@code struct sock *} ({@link SockEvent}). */
    SK_FUNCTION,
    /** The end of a TCP connection ({@link TcpConnectionEvent}). */
    TCP_LIFETIME,
    /** A socket a process of a traced cgroup used ({@link SocketEvent}). */
    CGROUP_SOCKET,
    /** A sock or tcp tracepoint ({@link SockEvent}). */
    SK_TRACEPOINT,
    /** What a netfilter table decided about a packet ({@link NetfilterEvent}). */
    NETFILTER,
    /** The entry or exit of a BPF program attached on TC (traced with fentry/fexit on the program). */
    TC_PROGRAM,
    /** The entry or exit of an XDP program (traced with fentry/fexit on the program). */
    XDP_PROGRAM;

    /** enum vista_source numbers NETFILTER 8 and on: 7 is a loss marker, not an event source. */
    private static final int NETFILTER_ID = 8;

    /** The source the BPF side numbers {@code id} (enum vista_source, from 1), or null for one this version does not know. */
    public static EventSource ofId(int id) {
        EventSource[] all = values();
        if (id >= NETFILTER_ID) {
            int ordinal = NETFILTER.ordinal() + id - NETFILTER_ID;
            return ordinal < all.length ? all[ordinal] : null;
        }
        return id >= 1 && id < NETFILTER_ID - 1 ? all[id - 1] : null;
    }
}
