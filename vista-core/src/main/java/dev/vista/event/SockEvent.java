package dev.vista.event;

import java.util.List;
import java.util.Objects;

/**
 * A socket seen at a sock or tcp tracepoint or in a kernel function taking a {@code struct sock *},
 * with the fields of its struct sock (vista's --output-sk). An immutable copy, safe to keep and share.
 * Made with {@link #builder()}: a final class rather than a record, so that a field can be added
 * without breaking the code that makes events.
 */
public final class SockEvent extends KernelEvent {
    private final int cpu;
    private final long sock;
    private final SkTracepoint tracepoint;
    private final String function;
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
    private final boolean reusePort;
    private final long backlog;
    private final long socketFlags;
    private final String socketState;
    private final long inode;
    private final List<StackFrame> stack;

    private SockEvent(Builder builder) {
        super(builder);
        this.cpu = builder.cpu;
        this.sock = builder.sock;
        this.tracepoint = builder.tracepoint;
        this.function = builder.function;
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
        this.reusePort = builder.reusePort;
        this.backlog = builder.backlog;
        this.socketFlags = builder.socketFlags;
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
        Builder builder = copyTo(new Builder());
        builder.cpu = cpu;
        builder.sock = sock;
        builder.tracepoint = tracepoint;
        builder.function = function;
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
        builder.reusePort = reusePort;
        builder.backlog = backlog;
        builder.socketFlags = socketFlags;
        builder.socketState = socketState;
        builder.inode = inode;
        builder.stack = stack;
        return builder;
    }

    /** The CPU the probe ran on. */
    public int cpu() {
        return cpu;
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

    /** Whether SO_REUSEPORT is set. */
    public boolean reusePort() {
        return reusePort;
    }

    /** Bytes in the socket's backlog (sk_backlog.len): queued while a process held the socket. */
    public long backlog() {
        return backlog;
    }

    /** The flags of its struct socket (SOCK_NOSPACE, ...), 0 without one. */
    public long socketFlags() {
        return socketFlags;
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
        return other instanceof SockEvent that && sameHeader(that)
                && cpu == that.cpu && sock == that.sock && Objects.equals(tracepoint, that.tracepoint)
                && Objects.equals(function, that.function) && mark == that.mark && boundIfindex == that.boundIfindex
                && Objects.equals(tuple, that.tuple) && Objects.equals(family, that.family)
                && Objects.equals(type, that.type) && Objects.equals(state, that.state)
                && Objects.equals(oldState, that.oldState) && Objects.equals(newState, that.newState)
                && rcvbuf == that.rcvbuf && sndbuf == that.sndbuf && priority == that.priority
                && reusePort == that.reusePort && backlog == that.backlog && socketFlags == that.socketFlags
                && Objects.equals(socketState, that.socketState) && inode == that.inode
                && Objects.equals(stack, that.stack);
    }

    @Override
    public int hashCode() {
        return 31 * headerHash() + Objects.hash(cpu, sock, tracepoint, function, mark, boundIfindex, tuple, family,
                type, state, oldState, newState, rcvbuf, sndbuf, priority, reusePort, backlog, socketFlags, socketState,
                inode, stack);
    }

    @Override
    public String toString() {
        return "SockEvent[" + headerText() + ", cpu=" + cpu + ", sock=" + sock + ", tracepoint=" + tracepoint
                + ", function=" + function + ", mark=" + mark + ", boundIfindex=" + boundIfindex + ", tuple=" + tuple
                + ", family=" + family + ", type=" + type + ", state=" + state + ", oldState=" + oldState
                + ", newState=" + newState + ", rcvbuf=" + rcvbuf + ", sndbuf=" + sndbuf + ", priority=" + priority
                + ", reusePort=" + reusePort + ", backlog=" + backlog + ", socketFlags=" + socketFlags
                + ", socketState=" + socketState + ", inode=" + inode + ", stack=" + stack + "]";
    }

    /** Sets the fields of a {@link SockEvent} one by one; those not set stay as {@link #builder()} says. */
    public static final class Builder extends KernelEvent.Builder<Builder> {
        private int cpu;
        private long sock;
        private SkTracepoint tracepoint;
        private String function;
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
        private boolean reusePort;
        private long backlog;
        private long socketFlags;
        private String socketState;
        private long inode;
        private List<StackFrame> stack = List.of();

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        public Builder cpu(int cpu) {
            this.cpu = cpu;
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

        public Builder reusePort(boolean reusePort) {
            this.reusePort = reusePort;
            return this;
        }

        public Builder backlog(long backlog) {
            this.backlog = backlog;
            return this;
        }

        public Builder socketFlags(long socketFlags) {
            this.socketFlags = socketFlags;
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
