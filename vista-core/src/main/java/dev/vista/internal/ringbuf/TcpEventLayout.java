package dev.vista.internal.ringbuf;

/**
 * Byte offsets of {@code struct vista_tcp_event} (vista-bpf's vista_event.h): a {@code vista_event}
 * header followed by {@code struct vista_tcp_info}. EventLayoutTest checks them with gcc.
 */
public final class TcpEventLayout {
    public static final int TCP = EventLayout.SIZE;
    public static final int LIFETIME_NS = TCP;
    public static final int BYTES_RECEIVED = TCP + 8;
    public static final int BYTES_SENT = TCP + 16;
    public static final int SRTT_US = TCP + 24;
    public static final int TOTAL_RETRANS = TCP + 28;
    public static final int DIRECTION = TCP + 32;
    public static final int RESET = TCP + 33;
    public static final int LAST_STATE = TCP + 34;
    public static final int CONGESTION = TCP + 40;
    public static final int CONGESTION_LEN = 16;
    /** sizeof(struct vista_tcp_event). */
    public static final int SIZE = TCP + 56;

    private TcpEventLayout() {
    }
}
