package dev.vista.event;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A process connected, accepted, or sent to an address with a socket (IPv4, IPv6 or Unix). An
 * immutable copy, safe to keep and share. Made with {@link #builder()}: a final class rather than a
 * record, so that a field can be added without breaking the code that makes events.
 */
public final class SocketEvent {
    private final long timestampNs;
    private final long epochNanos;
    private final int pid;
    private final String comm;
    private final long netns;
    private final long sock;
    private final SocketCall call;
    private final String family;
    private final String type;
    private final String protocol;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final String path;

    private SocketEvent(Builder builder) {
        this.timestampNs = builder.timestampNs;
        this.epochNanos = builder.epochNanos;
        this.pid = builder.pid;
        this.comm = builder.comm;
        this.netns = builder.netns;
        this.sock = builder.sock;
        this.call = builder.call;
        this.family = builder.family;
        this.type = builder.type;
        this.protocol = builder.protocol;
        this.local = builder.local;
        this.remote = builder.remote;
        this.path = builder.path;
    }

    /** A builder with every field zero, null or empty. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this event's fields: a copy with some of them changed. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.timestampNs = timestampNs;
        builder.epochNanos = epochNanos;
        builder.pid = pid;
        builder.comm = comm;
        builder.netns = netns;
        builder.sock = sock;
        builder.call = call;
        builder.family = family;
        builder.type = type;
        builder.protocol = protocol;
        builder.local = local;
        builder.remote = remote;
        builder.path = path;
        return builder;
    }

    /** CLOCK_MONOTONIC nanoseconds of the call's return. */
    public long timestampNs() {
        return timestampNs;
    }

    /** The same moment on the wall clock, nanoseconds since the epoch. */
    public long epochNanos() {
        return epochNanos;
    }

    /** The process (thread group) that made the call. */
    public int pid() {
        return pid;
    }

    /** The calling thread's name. */
    public String comm() {
        return comm;
    }

    /** The inode of the socket's network namespace. */
    public long netns() {
        return netns;
    }

    /** The kernel address of the struct sock. */
    public long sock() {
        return sock;
    }

    /** What the process did: connect, accept or send. */
    public SocketCall call() {
        return call;
    }

    /** AF_INET, AF_INET6 or AF_UNIX. */
    public String family() {
        return family;
    }

    /** STREAM, DGRAM, SEQPACKET, or the kernel's number for others. */
    public String type() {
        return type;
    }

    /** TCP or UDP for INET sockets, null for Unix sockets and other protocols. */
    public String protocol() {
        return protocol;
    }

    /** This end's address and port (INET), else null. */
    public InetSocketAddress local() {
        return local;
    }

    /** The peer's address and port (INET), else null. */
    public InetSocketAddress remote() {
        return remote;
    }

    /** The Unix socket's path ({@code @name} for an abstract one), else null. */
    public String path() {
        return path;
    }

    public boolean isUnix() {
        return "AF_UNIX".equals(family);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SocketEvent that
                && timestampNs == that.timestampNs && epochNanos == that.epochNanos && pid == that.pid
                && Objects.equals(comm, that.comm) && netns == that.netns && sock == that.sock
                && Objects.equals(call, that.call) && Objects.equals(family, that.family)
                && Objects.equals(type, that.type) && Objects.equals(protocol, that.protocol)
                && Objects.equals(local, that.local) && Objects.equals(remote, that.remote)
                && Objects.equals(path, that.path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestampNs, epochNanos, pid, comm, netns, sock, call, family, type, protocol, local,
                remote, path);
    }

    @Override
    public String toString() {
        return "SocketEvent[timestampNs=" + timestampNs + ", epochNanos=" + epochNanos + ", pid=" + pid
                + ", comm=" + comm + ", netns=" + netns + ", sock=" + sock + ", call=" + call + ", family=" + family
                + ", type=" + type + ", protocol=" + protocol + ", local=" + local + ", remote=" + remote
                + ", path=" + path + "]";
    }

    /** Sets the fields of a {@link SocketEvent} one by one; those not set stay zero, null or empty. */
    public static final class Builder {
        private long timestampNs;
        private long epochNanos;
        private int pid;
        private String comm;
        private long netns;
        private long sock;
        private SocketCall call;
        private String family;
        private String type;
        private String protocol;
        private InetSocketAddress local;
        private InetSocketAddress remote;
        private String path;

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

        public Builder pid(int pid) {
            this.pid = pid;
            return this;
        }

        public Builder comm(String comm) {
            this.comm = comm;
            return this;
        }

        public Builder netns(long netns) {
            this.netns = netns;
            return this;
        }

        public Builder sock(long sock) {
            this.sock = sock;
            return this;
        }

        public Builder call(SocketCall call) {
            this.call = call;
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

        public Builder protocol(String protocol) {
            this.protocol = protocol;
            return this;
        }

        public Builder local(InetSocketAddress local) {
            this.local = local;
            return this;
        }

        public Builder remote(InetSocketAddress remote) {
            this.remote = remote;
            return this;
        }

        public Builder path(String path) {
            this.path = path;
            return this;
        }

        public SocketEvent build() {
            return new SocketEvent(this);
        }
    }
}
