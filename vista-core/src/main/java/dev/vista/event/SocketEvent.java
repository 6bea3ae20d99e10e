package dev.vista.event;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A process connected, accepted, or sent to an address with a socket (IPv4, IPv6 or Unix). An
 * immutable copy, safe to keep and share. Made with {@link #builder()}: a final class rather than a
 * record, so that a field can be added without breaking the code that makes events. Its {@link #pid()}
 * and {@link #comm()} are the process (thread group) that made the call, its time the call's return.
 */
public final class SocketEvent extends KernelEvent {
    private final long sock;
    private final SocketCall call;
    private final String family;
    private final String type;
    private final String protocol;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final String path;

    private SocketEvent(Builder builder) {
        super(builder);
        this.sock = builder.sock;
        this.call = builder.call;
        this.family = builder.family;
        this.type = builder.type;
        this.protocol = builder.protocol;
        this.local = builder.local;
        this.remote = builder.remote;
        this.path = builder.path;
    }

    /** A builder with every field zero or null. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this event's fields: a copy with some of them changed. */
    public Builder toBuilder() {
        Builder builder = copyTo(new Builder());
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
        return other instanceof SocketEvent that && sameHeader(that)
                && sock == that.sock && Objects.equals(call, that.call) && Objects.equals(family, that.family)
                && Objects.equals(type, that.type) && Objects.equals(protocol, that.protocol)
                && Objects.equals(local, that.local) && Objects.equals(remote, that.remote)
                && Objects.equals(path, that.path);
    }

    @Override
    public int hashCode() {
        return 31 * headerHash() + Objects.hash(sock, call, family, type, protocol, local, remote, path);
    }

    @Override
    public String toString() {
        return "SocketEvent[" + headerText() + ", sock=" + sock + ", call=" + call + ", family=" + family
                + ", type=" + type + ", protocol=" + protocol + ", local=" + local + ", remote=" + remote
                + ", path=" + path + "]";
    }

    /** Sets the fields of a {@link SocketEvent} one by one; those not set stay as {@link #builder()} says. */
    public static final class Builder extends KernelEvent.Builder<Builder> {
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

        @Override
        Builder self() {
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
