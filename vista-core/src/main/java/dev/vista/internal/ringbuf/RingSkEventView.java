package dev.vista.internal.ringbuf;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import dev.vista.event.SkTracepoint;
import dev.vista.event.SockEventView;

/**
 * A flyweight over the {@code struct vista_sk_info} that follows the header of a socket record (a
 * sock or tcp tracepoint, or a kernel function taking a {@code struct sock *}); the header (time,
 * process, tuple, netns, mark, bound device, traced function, stack) is read through {@link #header()}.
 */
public final class RingSkEventView implements SockEventView {
    private final RingEventView header;

    public RingSkEventView(RingEventView header) {
        this.header = header;
    }

    @Override
    public RingEventView header() {
        return header;
    }

    public boolean complete() {
        return header.recordLength() >= SkEventLayout.SIZE;
    }

    @Override
    public long sock() {
        return header.skb();
    }

    /** The tracepoint of a tracepoint record; null for a kernel function's (see {@link RingEventView#funcIp()}). */
    @Override
    public SkTracepoint tracepoint() {
        return header.sourceId() == RingEventView.SOURCE_SK_TRACEPOINT ? SkTracepoint.ofId(header.tracepointId()) : null;
    }

    @Override
    public long functionAddress() {
        return header.funcIp();
    }

    @Override
    public String functionName() {
        return header.functionName();
    }

    @Override
    public int boundIfindex() {
        return header.ifindex();
    }

    @Override
    public int stackDepth() {
        return header.stackDepth();
    }

    @Override
    public long stackAddress(int frame) {
        return header.stackAddress(frame);
    }

    @Override
    public long inode() {
        return header.segment().get(JAVA_LONG_UNALIGNED, header.base() + SkEventLayout.INODE);
    }

    @Override
    public long rcvbuf() {
        return u32(SkEventLayout.RCVBUF);
    }

    @Override
    public long sndbuf() {
        return u32(SkEventLayout.SNDBUF);
    }

    @Override
    public long priority() {
        return u32(SkEventLayout.PRIORITY);
    }

    @Override
    public boolean reusePort() {
        return u8(SkEventLayout.REUSEPORT) != 0;
    }

    @Override
    public long backlog() {
        return u32(SkEventLayout.BACKLOG);
    }

    @Override
    public long socketFlags() {
        return header.segment().get(JAVA_LONG_UNALIGNED, header.base() + SkEventLayout.SOCKET_FLAGS);
    }

    @Override
    public int type() {
        return Short.toUnsignedInt(header.segment().get(JAVA_SHORT_UNALIGNED, header.base() + SkEventLayout.TYPE));
    }

    @Override
    public int family() {
        return u8(SkEventLayout.FAMILY);
    }

    @Override
    public int state() {
        return u8(SkEventLayout.STATE);
    }

    @Override
    public int socketState() {
        return u8(SkEventLayout.SOCKET_STATE);
    }

    @Override
    public int oldState() {
        return u8(SkEventLayout.OLD_STATE);
    }

    @Override
    public int newState() {
        return u8(SkEventLayout.NEW_STATE);
    }

    private long u32(int field) {
        return Integer.toUnsignedLong(header.segment().get(JAVA_INT_UNALIGNED, header.base() + field));
    }

    private int u8(int field) {
        return Byte.toUnsignedInt(header.segment().get(JAVA_BYTE, header.base() + field));
    }
}
