package dev.vista.event;

/**
 * A zero-copy view of one packet event while it is still in the ring buffer: valid only during the
 * callback that receives it (keep {@link TraceEvent}s instead). For sinks that must not allocate
 * per event, e.g. counters and samplers on busy machines: every field of the record is here, and only
 * the name look-ups ({@link #functionName()}) may allocate, once per function.
 */
public interface SkbEventView extends EventHeaderView {
    /** The kind of probe that saw it; null for a source this version does not know. */
    EventSource source();

    /** The kernel address of the sk_buff (follows one packet across tracepoints and functions). */
    long skb();

    /** The tracepoint, or null for a kernel-function event (or an id this version does not know). */
    Tracepoint tracepoint();

    /**
     * For a kernel-function event, the traced function's kernel address; for a TC or XDP program's, where the
     * program's code starts; 0 for a tracepoint's.
     */
    long functionAddress();

    /**
     * The traced function's name (kallsyms), or for a TC or XDP program's event {@code <program name>(tc)} or
     * {@code (xdp)}; null for a tracepoint's event; resolved once per function, then shared.
     */
    String functionName();

    /** For a TC or XDP program's event: at its entry or its exit; else null. */
    ProgramPhase programPhase();

    /** At a TC or XDP program's exit: what it returned (named verdicts are shared instances); else null. */
    ProgramVerdict programVerdict();

    /** At a TC or XDP program's exit: nanoseconds it ran (0 when its entry was not seen); else 0. */
    long programNanos();

    /** For kfree_skb/consume_skb: the kernel address of the code that freed the packet, else 0. */
    long location();

    int ifindex();

    /** True when the device's name is {@code name}. */
    boolean ifnameEquals(CharSequence name);

    /** Copies the device's name (bytes, without the NUL, at most 15) to {@code target}; returns how many. */
    int copyIfname(byte[] target, int offset);

    int len();

    int mtu();

    /** The ethertype. */
    int protocol();

    int pktType();

    /** The raw {@code enum skb_drop_reason} value (kfree_skb only). */
    int dropReasonValue();

    /** For kfree_skb: the running kernel's name for {@link #dropReasonValue()} (shared instances), else null. */
    DropReason dropReason();

    int tcpFlags();

    int icmpType();

    int icmpCode();

    int icmpId();

    int icmpSequence();

    /** Frames of the kernel stack in the record (0 unless requested). */
    int stackDepth();

    long stackAddress(int frame);

    /** Where the captured packet starts, or null when the event carries none ({@code capturePackets}). */
    PacketStart packetStart();

    /** Bytes of the packet captured (0 without a captured packet). */
    int capturedLength();

    /** The packet's whole length from {@link #packetStart()}, captured or not (0 without a captured packet). */
    int packetLength();

    /** Copies the captured bytes to {@code target} at {@code offset}; returns how many ({@link #capturedLength()}). */
    int copyPacket(byte[] target, int offset);
}
