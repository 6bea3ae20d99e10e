package dev.vista.internal.ringbuf;

/**
 * Byte offsets of {@code struct vista_socket_event} (vista-bpf's vista_event.h): a {@code vista_event}
 * header followed by {@code struct vista_socket_info}. EventLayoutTest checks them with gcc.
 */
public final class SocketEventLayout {
    public static final int SOCKET = EventLayout.SIZE;
    public static final int FAMILY = SOCKET;
    public static final int TYPE = SOCKET + 2;
    public static final int CALL = SOCKET + 4;
    public static final int PATH = SOCKET + 8;
    public static final int PATH_LEN = 108;
    /** sizeof(struct vista_socket_event). */
    public static final int SIZE = SOCKET + 120;

    private SocketEventLayout() {
    }
}
