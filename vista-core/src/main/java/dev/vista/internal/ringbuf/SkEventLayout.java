package dev.vista.internal.ringbuf;

/**
 * Byte offsets of {@code struct vista_sk_event} (vista-bpf's vista_event.h): a {@code vista_event}
 * header followed by {@code struct vista_sk_info}, then, in {@code struct vista_sk_event_with_stack},
 * the kernel stack. EventLayoutTest checks them with gcc.
 */
public final class SkEventLayout {
    public static final int SK = EventLayout.SIZE;
    public static final int INODE = SK;
    public static final int RCVBUF = SK + 8;
    public static final int SNDBUF = SK + 12;
    public static final int PRIORITY = SK + 16;
    public static final int TYPE = SK + 20;
    public static final int FAMILY = SK + 22;
    public static final int STATE = SK + 23;
    public static final int SOCKET_STATE = SK + 24;
    public static final int OLD_STATE = SK + 25;
    public static final int NEW_STATE = SK + 26;
    public static final int REUSEPORT = SK + 27;
    public static final int BACKLOG = SK + 28;
    public static final int SOCKET_FLAGS = SK + 32;
    /** sizeof(struct vista_sk_event). */
    public static final int SIZE = SK + 40;
    /** Where the frames of a {@code struct vista_sk_event_with_stack} start: after the sock fields. */
    public static final int STACK = SIZE;

    private SkEventLayout() {
    }
}
