package dev.vista.internal.ringbuf;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * A flyweight over the {@code struct vista_socket_info} that follows the header of a cgroup-socket
 * record; the header (time, process, tuple) is read through {@link #header()}.
 */
public final class RingSocketEventView {
    private final RingEventView header;

    public RingSocketEventView(RingEventView header) {
        this.header = header;
    }

    public RingEventView header() {
        return header;
    }

    /** True when the record is long enough to hold the socket part. */
    public boolean complete() {
        return header.recordLength() >= SocketEventLayout.SIZE;
    }

    /** AF_INET (2), AF_INET6 (10) or AF_UNIX (1). */
    public int family() {
        return Short.toUnsignedInt(header.segment().get(JAVA_SHORT_UNALIGNED, header.base() + SocketEventLayout.FAMILY));
    }

    /** SOCK_STREAM (1), SOCK_DGRAM (2), SOCK_SEQPACKET (5), ... */
    public int type() {
        return Short.toUnsignedInt(header.segment().get(JAVA_SHORT_UNALIGNED, header.base() + SocketEventLayout.TYPE));
    }

    /** enum vista_socket_call: 1 connect, 2 accept, 3 send. */
    public int call() {
        return Byte.toUnsignedInt(header.segment().get(JAVA_BYTE, header.base() + SocketEventLayout.CALL));
    }

    /** A Unix socket's path; an abstract name (first byte 0) is returned as {@code @name}; empty if none. */
    public String path() {
        if (header.segment().get(JAVA_BYTE, header.base() + SocketEventLayout.PATH) == 0) {
            String name = header.cString(SocketEventLayout.PATH + 1, SocketEventLayout.PATH_LEN - 1);
            return name.isEmpty() ? "" : "@" + name;
        }
        return header.cString(SocketEventLayout.PATH, SocketEventLayout.PATH_LEN);
    }
}
