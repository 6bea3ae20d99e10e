package dev.vista.event;

/** What kind of probe saw a packet event (socket events are {@link SockEvent}s). */
public enum EventSource {
    /** An skb tracepoint: {@link TraceEvent#tracepoint()} says which. */
    SKB_TRACEPOINT,
    /** A kernel function taking the packet's {@code struct sk_buff *}: {@link TraceEvent#function()} names it. */
    SKB_FUNCTION
}
