package dev.vista.internal.ringbuf;

/**
 * Byte offsets of {@code struct vista_nf_event} (vista-bpf's vista_event.h): a {@code vista_event} header
 * followed by {@code struct vista_nf_info}. EventLayoutTest checks them with gcc.
 */
public final class NfEventLayout {
    public static final int NF = EventLayout.SIZE;
    public static final int COST_NS = NF;
    public static final int TUPLE_BEFORE = NF + 8;
    public static final int TABLE = NF + 56;
    public static final int FAMILY = NF + 58;
    public static final int HOOK = NF + 59;
    public static final int VERDICT = NF + 60;
    public static final int WAY = NF + 61;
    /** sizeof(struct vista_nf_event). */
    public static final int SIZE = NF + 64;

    private NfEventLayout() {
    }
}
