package dev.vista.event;

import java.util.List;

/**
 * A socket seen at a sock or tcp tracepoint or in a kernel function taking a {@code struct sock *},
 * with the fields of its struct sock (vista's --output-sk). An immutable copy, safe to keep and share.
 *
 * @param timestampNs  CLOCK_MONOTONIC nanoseconds of the event
 * @param epochNanos   the same moment on the wall clock, nanoseconds since the epoch
 * @param pid          the process running when the tracepoint or function fired (for softirq work, whichever ran)
 * @param sock         the kernel address of the struct sock
 * @param tracepoint   the tracepoint where it was seen, or null for a kernel function's event (or an id this
 *                     version does not know)
 * @param function     the kernel function where it was seen (its name), or null for a tracepoint's event
 * @param boundIfindex the device the socket is bound to (SO_BINDTODEVICE), 0 for none
 * @param tuple        local -> remote for IPv4 and IPv6 sockets, else null
 * @param family       AF_INET, AF_INET6, ...
 * @param type         STREAM, DGRAM, ...
 * @param state        the socket's TCP_* state (for TCP; UDP uses ESTABLISHED and CLOSE too); in a function:
 *                     on entry
 * @param oldState     for inet_sock_set_state: the state left, else null
 * @param newState     for inet_sock_set_state: the state entered, else null
 * @param socketState  the SS_* state of its struct socket, or null for a socket without one
 * @param inode        the socket's inode (as {@code ss -e} and /proc/PID/fd show it), 0 without a struct socket
 * @param stack        the kernel stack when requested ({@link dev.vista.Output#STACK} or CALLER), else empty
 */
public record SockEvent(long timestampNs, long epochNanos, int cpu, int pid, String comm, long sock,
        SkTracepoint tracepoint, String function, long netns, long mark, int boundIfindex, Tuple tuple, String family,
        String type, String state, String oldState, String newState, long rcvbuf, long sndbuf, long priority,
        String socketState, long inode, List<StackFrame> stack) {

    public SockEvent {
        stack = List.copyOf(stack);
    }

    /** The tracepoint's or the function's kernel name: where the socket was seen. */
    public String where() {
        return tracepoint != null ? tracepoint.kernelName() : function != null ? function : "unknown";
    }

    /** For a kernel-function event with a stack: the frame that called the traced function, else null. */
    public String caller() {
        return function == null ? null : StackFrame.callerOf(function, stack);
    }
}
