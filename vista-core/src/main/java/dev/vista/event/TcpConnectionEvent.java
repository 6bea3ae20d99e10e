package dev.vista.event;

import java.time.Duration;
import java.util.Objects;

/**
 * One TCP connection that ended: what struct tcp_sock counted over its life, reported when the
 * kernel destroyed the socket. An immutable copy, safe to keep and share. Made with {@link #builder()}:
 * a final class rather than a record, so that a field can be added without breaking the code that
 * makes events. Its {@link #pid()} is the process that connected ({@link TcpDirection#CONNECTED}) or that
 * closed an accepted connection; 0 when no process was seen (an accepted connection the peer reset), with
 * {@link #comm()} empty.
 */
public final class TcpConnectionEvent extends KernelEvent {
    private final int cpu;
    private final long mark;
    private final long sock;
    private final Tuple tuple;
    private final TcpDirection direction;
    private final Duration lifetime;
    private final long bytesReceived;
    private final long bytesSent;
    private final long srttMicros;
    private final long retransmits;
    private final String congestion;
    private final TcpReset reset;
    private final String lastState;

    private TcpConnectionEvent(Builder builder) {
        super(builder);
        this.cpu = builder.cpu;
        this.mark = builder.mark;
        this.sock = builder.sock;
        this.tuple = builder.tuple;
        this.direction = builder.direction;
        this.lifetime = builder.lifetime;
        this.bytesReceived = builder.bytesReceived;
        this.bytesSent = builder.bytesSent;
        this.srttMicros = builder.srttMicros;
        this.retransmits = builder.retransmits;
        this.congestion = builder.congestion;
        this.reset = builder.reset;
        this.lastState = builder.lastState;
    }

    /** A builder with every field zero or null, {@link #reset()} {@link TcpReset#NONE}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this event's fields: a copy with some of them changed. */
    public Builder toBuilder() {
        Builder builder = copyTo(new Builder());
        builder.cpu = cpu;
        builder.mark = mark;
        builder.sock = sock;
        builder.tuple = tuple;
        builder.direction = direction;
        builder.lifetime = lifetime;
        builder.bytesReceived = bytesReceived;
        builder.bytesSent = bytesSent;
        builder.srttMicros = srttMicros;
        builder.retransmits = retransmits;
        builder.congestion = congestion;
        builder.reset = reset;
        builder.lastState = lastState;
        return builder;
    }

    /** The CPU the probe ran on. */
    public int cpu() {
        return cpu;
    }

    /** The socket's mark (SO_MARK). */
    public long mark() {
        return mark;
    }

    /** The kernel address of the struct sock. */
    public long sock() {
        return sock;
    }

    /** Local address and port -> remote address and port. */
    public Tuple tuple() {
        return tuple;
    }

    /** Whether this end connected or accepted. */
    public TcpDirection direction() {
        return direction;
    }

    /** From SYN_SENT or SYN_RECV until the connection entered CLOSE. */
    public Duration lifetime() {
        return lifetime;
    }

    /** Payload bytes received. */
    public long bytesReceived() {
        return bytesReceived;
    }

    /** Payload bytes sent and acknowledged by the peer. */
    public long bytesSent() {
        return bytesSent;
    }

    /** Smoothed round-trip time, microseconds. */
    public long srttMicros() {
        return srttMicros;
    }

    /** Segments retransmitted. */
    public long retransmits() {
        return retransmits;
    }

    /** The congestion-control algorithm, e.g. cubic. */
    public String congestion() {
        return congestion;
    }

    /** Whether a reset ended it, and which side sent it. */
    public TcpReset reset() {
        return reset;
    }

    /** The state the connection left for CLOSE, e.g. LAST_ACK, or null if unknown. */
    public String lastState() {
        return lastState;
    }

    public boolean wasReset() {
        return reset != TcpReset.NONE;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TcpConnectionEvent that && sameHeader(that)
                && cpu == that.cpu && mark == that.mark && sock == that.sock && Objects.equals(tuple, that.tuple)
                && Objects.equals(direction, that.direction) && Objects.equals(lifetime, that.lifetime)
                && bytesReceived == that.bytesReceived && bytesSent == that.bytesSent && srttMicros == that.srttMicros
                && retransmits == that.retransmits && Objects.equals(congestion, that.congestion)
                && Objects.equals(reset, that.reset) && Objects.equals(lastState, that.lastState);
    }

    @Override
    public int hashCode() {
        return 31 * headerHash() + Objects.hash(cpu, mark, sock, tuple, direction, lifetime, bytesReceived,
                bytesSent, srttMicros, retransmits, congestion, reset, lastState);
    }

    @Override
    public String toString() {
        return "TcpConnectionEvent[" + headerText() + ", cpu=" + cpu + ", mark=" + mark + ", sock=" + sock
                + ", tuple=" + tuple + ", direction=" + direction + ", lifetime=" + lifetime
                + ", bytesReceived=" + bytesReceived + ", bytesSent=" + bytesSent + ", srttMicros=" + srttMicros
                + ", retransmits=" + retransmits + ", congestion=" + congestion + ", reset=" + reset
                + ", lastState=" + lastState + "]";
    }

    /** Sets the fields of a {@link TcpConnectionEvent} one by one; those not set stay as {@link #builder()} says. */
    public static final class Builder extends KernelEvent.Builder<Builder> {
        private int cpu;
        private long mark;
        private long sock;
        private Tuple tuple;
        private TcpDirection direction;
        private Duration lifetime;
        private long bytesReceived;
        private long bytesSent;
        private long srttMicros;
        private long retransmits;
        private String congestion;
        private TcpReset reset = TcpReset.NONE;
        private String lastState;

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

        public Builder mark(long mark) {
            this.mark = mark;
            return this;
        }

        public Builder sock(long sock) {
            this.sock = sock;
            return this;
        }

        public Builder tuple(Tuple tuple) {
            this.tuple = tuple;
            return this;
        }

        public Builder direction(TcpDirection direction) {
            this.direction = direction;
            return this;
        }

        public Builder lifetime(Duration lifetime) {
            this.lifetime = lifetime;
            return this;
        }

        public Builder bytesReceived(long bytesReceived) {
            this.bytesReceived = bytesReceived;
            return this;
        }

        public Builder bytesSent(long bytesSent) {
            this.bytesSent = bytesSent;
            return this;
        }

        public Builder srttMicros(long srttMicros) {
            this.srttMicros = srttMicros;
            return this;
        }

        public Builder retransmits(long retransmits) {
            this.retransmits = retransmits;
            return this;
        }

        public Builder congestion(String congestion) {
            this.congestion = congestion;
            return this;
        }

        public Builder reset(TcpReset reset) {
            this.reset = reset;
            return this;
        }

        public Builder lastState(String lastState) {
            this.lastState = lastState;
            return this;
        }

        public TcpConnectionEvent build() {
            return new TcpConnectionEvent(this);
        }
    }
}
