package dev.vista.event;

import java.net.InetSocketAddress;

/**
 * A process connected, accepted, or sent to an address with a socket (IPv4, IPv6 or Unix). An
 * immutable copy, safe to keep and share.
 *
 * @param timestampNs CLOCK_MONOTONIC nanoseconds of the call's return
 * @param epochNanos  the same moment on the wall clock, nanoseconds since the epoch
 * @param pid         the process (thread group) that made the call
 * @param comm        the calling thread's name
 * @param sock        the kernel address of the struct sock
 * @param family      AF_INET, AF_INET6 or AF_UNIX
 * @param type        STREAM, DGRAM, SEQPACKET, or the kernel's number for others
 * @param protocol    TCP or UDP for INET sockets, null for Unix sockets and other protocols
 * @param local       this end's address and port (INET), else null
 * @param remote      the peer's address and port (INET), else null
 * @param path        the Unix socket's path ({@code @name} for an abstract one), else null
 */
public record SocketEvent(long timestampNs, long epochNanos, int pid, String comm, long netns, long sock,
        SocketCall call, String family, String type, String protocol, InetSocketAddress local,
        InetSocketAddress remote, String path) {

    public boolean isUnix() {
        return "AF_UNIX".equals(family);
    }
}
