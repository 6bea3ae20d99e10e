package dev.vista.event;

/** What kind of probe saw an event. */
public enum EventSource {
    /** An skb tracepoint: {@link TraceEvent#tracepoint()} says which. */
    SKB_TRACEPOINT,
    /** A kernel function taking the packet's {@code struct sk_buff *}: {@link TraceEvent#function()} names it. */
    SKB_FUNCTION,
    /** A kernel function taking a {@code struct sock *}: {@link TraceEvent#skb()} is the socket's address. */
    SK_FUNCTION
}
