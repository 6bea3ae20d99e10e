package dev.vista.internal.ringbuf;

/**
 * Byte offsets of {@code struct vista_loss_event} (a loss marker in the ring) and of
 * {@code struct vista_loss_counter} (the per-CPU value of the lost_events map), vista-bpf's
 * vista_event.h. EventLayoutTest checks them with gcc.
 */
public final class LossLayout {
    public static final int MARKER_TS_NS = 0;
    public static final int MARKER_COUNT = 8;
    public static final int MARKER_SOURCES = 16;
    public static final int MARKER_CPU = EventLayout.CPU;
    public static final int MARKER_SIZE = 40;

    public static final int COUNTER_LOST = 0;
    public static final int COUNTER_REPORTED = 8;
    public static final int COUNTER_FIRST_NS = 16;
    public static final int COUNTER_SOURCES = 24;
    public static final int COUNTER_SIZE = 32;

    private LossLayout() {
    }
}
