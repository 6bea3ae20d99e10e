package dev.vista.event;

import java.util.Objects;

/**
 * What every event copy has: when it happened, the task that was running and its network namespace. The
 * events are final classes made with builders (not records), so that a field can be added without breaking
 * the code that makes them.
 */
public abstract sealed class KernelEvent permits TraceEvent, SockEvent, TcpConnectionEvent, SocketEvent {
    private final long timestampNs;
    private final long epochNanos;
    private final int pid;
    private final String comm;
    private final long netns;

    KernelEvent(Builder<?> builder) {
        this.timestampNs = builder.timestampNs;
        this.epochNanos = builder.epochNanos;
        this.pid = builder.pid;
        this.comm = builder.comm;
        this.netns = builder.netns;
    }

    /** CLOCK_MONOTONIC nanoseconds of the event (same clock as {@link System#nanoTime()}). */
    public long timestampNs() {
        return timestampNs;
    }

    /** The same moment on the wall clock, nanoseconds since the epoch. */
    public long epochNanos() {
        return epochNanos;
    }

    /** The process running when the probe fired (for softirq work, whichever ran); see each event. */
    public int pid() {
        return pid;
    }

    /** That process's name. */
    public String comm() {
        return comm;
    }

    /** The inode of the network namespace of the packet or socket. */
    public long netns() {
        return netns;
    }

    /** Puts these fields into a builder: the start of each event's {@code toBuilder()}. */
    <B extends Builder<B>> B copyTo(B builder) {
        return builder.timestampNs(timestampNs).epochNanos(epochNanos).pid(pid).comm(comm).netns(netns);
    }

    boolean sameHeader(KernelEvent that) {
        return timestampNs == that.timestampNs && epochNanos == that.epochNanos && pid == that.pid
                && Objects.equals(comm, that.comm) && netns == that.netns;
    }

    int headerHash() {
        return Objects.hash(timestampNs, epochNanos, pid, comm, netns);
    }

    String headerText() {
        return "timestampNs=" + timestampNs + ", epochNanos=" + epochNanos + ", pid=" + pid + ", comm=" + comm
                + ", netns=" + netns;
    }

    /** Sets what every event has; each event's builder adds its own fields. */
    public abstract static class Builder<B extends Builder<B>> {
        private long timestampNs;
        private long epochNanos;
        private int pid;
        private String comm;
        private long netns;

        Builder() {
        }

        abstract B self();

        public B timestampNs(long timestampNs) {
            this.timestampNs = timestampNs;
            return self();
        }

        public B epochNanos(long epochNanos) {
            this.epochNanos = epochNanos;
            return self();
        }

        public B pid(int pid) {
            this.pid = pid;
            return self();
        }

        public B comm(String comm) {
            this.comm = comm;
            return self();
        }

        public B netns(long netns) {
            this.netns = netns;
            return self();
        }
    }
}
