package dev.vista.internal.ringbuf;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * A flyweight over the {@code struct vista_tcp_info} that follows the header of a TCP-lifetime
 * record; the header's fields (time, process, addresses) are read through {@link #header()}.
 * Allocates nothing except {@link #congestion()}'s string.
 */
public final class RingTcpEventView {
    private final RingEventView header;

    public RingTcpEventView(RingEventView header) {
        this.header = header;
    }

    /** The view of the record's common header, positioned on the same record. */
    public RingEventView header() {
        return header;
    }

    /** True when the record is long enough to hold the TCP part (a newer or corrupt writer may differ). */
    public boolean complete() {
        return header.recordLength() >= TcpEventLayout.SIZE;
    }

    public long lifetimeNs() {
        return header.segment().get(JAVA_LONG_UNALIGNED, header.base() + TcpEventLayout.LIFETIME_NS);
    }

    public long bytesReceived() {
        return header.segment().get(JAVA_LONG_UNALIGNED, header.base() + TcpEventLayout.BYTES_RECEIVED);
    }

    public long bytesSent() {
        return header.segment().get(JAVA_LONG_UNALIGNED, header.base() + TcpEventLayout.BYTES_SENT);
    }

    public long srttMicros() {
        return Integer.toUnsignedLong(header.segment().get(JAVA_INT_UNALIGNED, header.base() + TcpEventLayout.SRTT_US));
    }

    public long totalRetransmits() {
        return Integer.toUnsignedLong(
                header.segment().get(JAVA_INT_UNALIGNED, header.base() + TcpEventLayout.TOTAL_RETRANS));
    }

    /** enum vista_tcp_direction: 1 active (connected), 2 passive (accepted). */
    public int direction() {
        return u8(TcpEventLayout.DIRECTION);
    }

    /** enum vista_tcp_reset: 0 none, 1 sent, 2 received. */
    public int reset() {
        return u8(TcpEventLayout.RESET);
    }

    /** The kernel's TCP_* state the connection left for CLOSE (0 if it was destroyed before closing). */
    public int lastState() {
        return u8(TcpEventLayout.LAST_STATE);
    }

    public String congestion() {
        return header.cString(TcpEventLayout.CONGESTION, TcpEventLayout.CONGESTION_LEN);
    }

    private int u8(int field) {
        return Byte.toUnsignedInt(header.segment().get(JAVA_BYTE, header.base() + field));
    }
}
