package dev.vista.event;

import java.util.List;
import java.util.Objects;

/**
 * A socket seen at a sock or tcp tracepoint or in a kernel function taking a {@code struct sock *},
 * with the fields of its struct sock (vista's --output-sk). An immutable copy, safe to keep and share.
 * Made with {@link #builder()}: a final class rather than a record, so that a field can be added
 * without breaking the code that makes events.
 */
public final class SockEvent {
    private final long timestampNs;
    private final long epochNanos;
    private final int cpu;
    private final int pid;
    private final String comm;
    private final long sock;
    private final SkTracepoint tracepoint;
    private final String function;
    private final long netns;
    private final long mark;
    private final int boundIfindex;
    private final Tuple tuple;
    private final String family;
    private final String type;
    private final String state;
    private final String oldState;
    private final String newState;
    private final long rcvbuf;
    private final long sndbuf;
    private final long priority;
    private final String socketState;
    private final long inode;
    private final List<StackFrame> stack;

    private SockEvent(Builder builder) {
        this.timestampNs = builder.timestampNs;
        this.epochNanos = builder.epochNanos;
        this.cpu = builder.cpu;
        this.pid = builder.pid;
        this.comm = builder.comm;
        this.sock = builder.sock;
        this.tracepoint = builder.tracepoint;
        this.function = builder.function;
        this.netns = builder.netns;
        this.mark = builder.mark;
        this.boundIfindex = builder.boundIfindex;
        this.tuple = builder.tuple;
        this.family = builder.family;
        this.type = builder.type;
        this.state = builder.state;
        this.oldState = builder.oldState;
        this.newState = builder.newState;
        this.rcvbuf = builder.rcvbuf;
        this.sndbuf = builder.sndbuf;
        this.priority = builder.priority;
        this.socketState = builder.socketState;
        this.inode = builder.inode;
        this.stack = List.copyOf(builder.stack);
    }

    /** A builder with every field zero, null or empty (the stack). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this event's fields: a copy with some of them changed. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.timestampNs = timestampNs;
        builder.epochNanos = epochNanos;
        builder.cpu = cpu;
        builder.pid = pid;
        builder.comm = comm;
        builder.sock = sock;
        builder.tracepoint = tracepoint;
        builder.function = function;
        builder.netns = netns;
        builder.mark = mark;
        builder.boundIfindex = boundIfindex;
        builder.tuple = tuple;
        builder.family = family;
        builder.type = type;
        builder.state = state;
        builder.oldState = oldState;
        builder.newState = newState;
        builder.rcvbuf = rcvbuf;
        builder.sndbuf = sndbuf;
        builder.priority = priority;
        builder.socketState = socketState;
        builder.inode = inode;
        builder.stack = stack;
        return builder;
    }

    /** CLOCK_MONOTONIC nanoseconds of the event. */
    public long timestampNs() {
        return timestampNs;
    }

    /** The same moment on the wall clock, nanoseconds since the epoch. */
    public long epochNanos() {
        return epochNanos;
    }

    /** The CPU the probe ran on. */
    public int cpu() {
        return cpu;
    }

    /** The process running when the tracepoint or function fired (for softirq work, whichever ran). */
    public int pid() {
        return pid;
    }

    /** That process's name. */
    public String comm() {
        return comm;
    }

    /** The kernel address of the struct sock. */
    public long sock() {
        return sock;
    }

    /** The tracepoint where it was seen, or null for a kernel function's event (or an id this
     * version does not know). */
    public SkTracepoint tracepoint() {
        return tracepoint;
    }

    /** The kernel function where it was seen (its name), or null for a tracepoint's event. */
    public String function() {
        return function;
    }

    /** The inode of the socket's network namespace. */
    public long netns() {
        return netns;
    }

    /** The socket's mark (SO_MARK). */
    public long mark() {
        return mark;
    }

    /** The device the socket is bound to (SO_BINDTODEVICE), 0 for none. */
    public int boundIfindex() {
        return boundIfindex;
    }

    /** Local -> remote for IPv4 and IPv6 sockets, else null. */
    public Tuple tuple() {
        return tuple;
    }

    /** AF_INET, AF_INET6, ... */
    public String family() {
        return family;
    }

    /** STREAM, DGRAM, ... */
    public String type() {
        return type;
    }

    /** The socket's TCP_* state (for TCP; UDP uses ESTABLISHED and CLOSE too); in a function: on entry. */
    public String state() {
        return state;
    }

    /** For inet_sock_set_state: the state left, else null. */
    public String oldState() {
        return oldState;
    }

    /** For inet_sock_set_state: the state entered, else null. */
    public String newState() {
        return newState;
    }

    /** The receive buffer's size (sk_rcvbuf). */
    public long rcvbuf() {
        return rcvbuf;
    }

    /** The send buffer's size (sk_sndbuf). */
    public long sndbuf() {
        return sndbuf;
    }

    /** The socket's priority (SO_PRIORITY). */
    public long priority() {
        return priority;
    }

    /** The SS_* state of its struct socket, or null for a socket without one. */
    public String socketState() {
        return socketState;
    }

    /** The socket's inode (as {@code ss -e} and /proc/PID/fd show it), 0 without a struct socket. */
    public long inode() {
        return inode;
    }

    /** The kernel stack when requested ({@link dev.vista.Output#STACK} or CALLER), else empty. */
    public List<StackFrame> stack() {
        return stack;
    }

    /** The tracepoint's or the function's kernel name: where the socket was seen. */
    public String where() {
        return tracepoint != null ? tracepoint.kernelName() : function != null ? function : "unknown";
    }

    /** For a kernel-function event with a stack: the frame that called the traced function, else null. */
    public String caller() {
        return function == null ? null : StackFrame.callerOf(function, stack);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SockEvent that
                && timestampNs == that.timestampNs && epochNanos == that.epochNanos && cpu == that.cpu
                && pid == that.pid && Objects.equals(comm, that.comm) && sock == that.sock
                && Objects.equals(tracepoint, that.tracepoint) && Objects.equals(function, that.function)
                && netns == that.netns && mark == that.mark && boundIfindex == that.boundIfindex
                && Objects.equals(tuple, that.tuple) && Objects.equals(family, that.family)
                && Objects.equals(type, that.type) && Objects.equals(state, that.state)
                && Objects.equals(oldState, that.oldState) && Objects.equals(newState, that.newState)
                && rcvbuf == that.rcvbuf && sndbuf == that.sndbuf && priority == that.priority
                && Objects.equals(socketState, that.socketState) && inode == that.inode
                && Objects.equals(stack, that.stack);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestampNs, epochNanos, cpu, pid, comm, sock, tracepoint, function, netns, mark,
                boundIfindex, tuple, family, type, state, oldState, newState, rcvbuf, sndbuf, priority, socketState,
                inode, stack);
    }

    @Override
    public String toString() {
        return "SockEvent[timestampNs=" + timestampNs + ", epochNanos=" + epochNanos + ", cpu=" + cpu + ", pid=" + pid
                + ", comm=" + comm + ", sock=" + sock + ", tracepoint=" + tracepoint + ", function=" + function
                + ", netns=" + netns + ", mark=" + mark + ", boundIfindex=" + boundIfindex + ", tuple=" + tuple
                + ", family=" + family + ", type=" + type + ", state=" + state + ", oldState=" + oldState
                + ", newState=" + newState + ", rcvbuf=" + rcvbuf + ", sndbuf=" + sndbuf + ", priority=" + priority
                + ", socketState=" + socketState + ", inode=" + inode + ", stack=" + stack + "]";
    }

    /** Sets the fields of a {@link SockEvent} one by one; those not set stay zero, null or empty. */
    public static final class Builder {
        private long timestampNs;
        private long epochNanos;
        private int cpu;
        private int pid;
        private String comm;
        private long sock;
        private SkTracepoint tracepoint;
        private String function;
        private long netns;
        private long mark;
        private int boundIfindex;
        private Tuple tuple;
        private String family;
        private String type;
        private String state;
        private String oldState;
        private String newState;
        private long rcvbuf;
        private long sndbuf;
        private long priority;
        private String socketState;
        private long inode;
        private List<StackFrame> stack = List.of();

        private Builder() {
        }

        public Builder timestampNs(long timestampNs) {
            this.timestampNs = timestampNs;
            return this;
        }

        public Builder epochNanos(long epochNanos) {
            this.epochNanos = epochNanos;
            return this;
        }

        public Builder cpu(int cpu) {
            this.cpu = cpu;
            return this;
        }

        public Builder pid(int pid) {
            this.pid = pid;
            return this;
        }

        public Builder comm(String comm) {
            this.comm = comm;
            return this;
        }

        public Builder sock(long sock) {
            this.sock = sock;
            return this;
        }

        public Builder tracepoint(SkTracepoint tracepoint) {
            this.tracepoint = tracepoint;
            return this;
        }

        public Builder function(String function) {
            this.function = function;
            return this;
        }

        public Builder netns(long netns) {
            this.netns = netns;
            return this;
        }

        public Builder mark(long mark) {
            this.mark = mark;
            return this;
        }

        public Builder boundIfindex(int boundIfindex) {
            this.boundIfindex = boundIfindex;
            return this;
        }

        public Builder tuple(Tuple tuple) {
            this.tuple = tuple;
            return this;
        }

        public Builder family(String family) {
            this.family = family;
            return this;
        }

        public Builder type(String type) {
            this.type = type;
            return this;
        }

        public Builder state(String state) {
            this.state = state;
            return this;
        }

        public Builder oldState(String oldState) {
            this.oldState = oldState;
            return this;
        }

        public Builder newState(String newState) {
            this.newState = newState;
            return this;
        }

        public Builder rcvbuf(long rcvbuf) {
            this.rcvbuf = rcvbuf;
            return this;
        }

        public Builder sndbuf(long sndbuf) {
            this.sndbuf = sndbuf;
            return this;
        }

        public Builder priority(long priority) {
            this.priority = priority;
            return this;
        }

        public Builder socketState(String socketState) {
            this.socketState = socketState;
            return this;
        }

        public Builder inode(long inode) {
            this.inode = inode;
            return this;
        }

        public Builder stack(List<StackFrame> stack) {
            this.stack = stack;
            return this;
        }

        public SockEvent build() {
            return new SockEvent(this);
        }
    }
}
