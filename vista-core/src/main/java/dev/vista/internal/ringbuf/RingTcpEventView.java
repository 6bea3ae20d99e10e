package dev.vista.internal.ringbuf;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.vista.event.TcpConnectionView;
import dev.vista.event.TcpDirection;
import dev.vista.event.TcpReset;

/**
 * A flyweight over the {@code struct vista_tcp_info} that follows the header of a TCP-lifetime
 * record; the header's fields (time, process, addresses) are read through {@link #header()}.
 * Allocates nothing except {@link #congestion()}'s string.
 */
public final class RingTcpEventView implements TcpConnectionView {
    private static final TcpReset[] RESETS = TcpReset.values();

    private final RingEventView header;

    public RingTcpEventView(RingEventView header) {
        this.header = header;
    }

    /** The view of the record's common header, positioned on the same record. */
    @Override
    public RingEventView header() {
        return header;
    }

    /** True when the record is long enough to hold the TCP part (a newer or corrupt writer may differ). */
    public boolean complete() {
        return header.recordLength() >= TcpEventLayout.SIZE;
    }

    @Override
    public long sock() {
        return header.skb();
    }

    @Override
    public long lifetimeNs() {
        return header.segment().get(JAVA_LONG_UNALIGNED, header.base() + TcpEventLayout.LIFETIME_NS);
    }

    @Override
    public long bytesReceived() {
        return header.segment().get(JAVA_LONG_UNALIGNED, header.base() + TcpEventLayout.BYTES_RECEIVED);
    }

    @Override
    public long bytesSent() {
        return header.segment().get(JAVA_LONG_UNALIGNED, header.base() + TcpEventLayout.BYTES_SENT);
    }

    @Override
    public long srttMicros() {
        return Integer.toUnsignedLong(header.segment().get(JAVA_INT_UNALIGNED, header.base() + TcpEventLayout.SRTT_US));
    }

    @Override
    public long retransmits() {
        return Integer.toUnsignedLong(
                header.segment().get(JAVA_INT_UNALIGNED, header.base() + TcpEventLayout.TOTAL_RETRANS));
    }

    /** enum vista_tcp_direction: 1 active (connected), 2 passive (accepted). */
    @Override
    public TcpDirection direction() {
        return u8(TcpEventLayout.DIRECTION) == 2 ? TcpDirection.ACCEPTED : TcpDirection.CONNECTED;
    }

    /** enum vista_tcp_reset: 0 none, 1 sent, 2 received (an unknown value reads as none). */
    @Override
    public TcpReset reset() {
        int reset = u8(TcpEventLayout.RESET);
        return reset < RESETS.length ? RESETS[reset] : TcpReset.NONE;
    }

    /** The kernel's TCP_* state the connection left for CLOSE (0 if it was destroyed before closing). */
    @Override
    public int lastState() {
        return u8(TcpEventLayout.LAST_STATE);
    }

    public String congestion() {
        return header.cString(TcpEventLayout.CONGESTION, TcpEventLayout.CONGESTION_LEN);
    }

    @Override
    public boolean congestionEquals(CharSequence name) {
        return header.cStringEquals(TcpEventLayout.CONGESTION, TcpEventLayout.CONGESTION_LEN, name);
    }

    @Override
    public int copyCongestion(byte[] target, int offset) {
        return header.copyCString(TcpEventLayout.CONGESTION, TcpEventLayout.CONGESTION_LEN, target, offset);
    }

    private int u8(int field) {
        return Byte.toUnsignedInt(header.segment().get(JAVA_BYTE, header.base() + field));
    }
}
