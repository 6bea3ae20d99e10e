package dev.vista;

/** What each event carries beyond the always-present basics (time, where, skb, pid). */
public enum Output {
    /** netns, mark, interface, length, MTU, ethertype, packet type. */
    META,
    /** The L3/L4 tuple. */
    TUPLE,
    /** The kernel stack of every event (costly: a stack walk per event). */
    STACK,
    /** For kernel-function events, the function that called the traced one (from a stack walk). */
    CALLER,
    /**
     * For TCP connection ends: bytes received and sent, smoothed RTT, retransmits, congestion control,
     * reset and last state (formatters print them; {@link dev.vista.event.TcpConnectionEvent} always has them).
     */
    TCP,
    /**
     * For socket events: the struct sock's fields as vista's --output-sk prints them (state, bound
     * device, buffers, priority, mark, type, socket state, inode).
     */
    SK,
    /**
     * For packet events: the whole {@code struct sk_buff} ({@link dev.vista.event.TraceEvent#skbStruct()}),
     * copied in the kernel as raw bytes and decoded with the kernel's BTF (vista's and pwru's --output-skb).
     */
    SKB,
    /** For packet events: the skb's {@code struct skb_shared_info} (pwru's --output-skb-shared-info). */
    SHINFO
}
