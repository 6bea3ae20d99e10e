package dev.vista.pcap;

/** Which way a packet was going, as an Enhanced Packet Block's {@code epb_flags} bits 0-1 say it. */
public enum Direction {
    UNKNOWN(0),
    INBOUND(1),
    OUTBOUND(2);

    private final int flags;

    Direction(int flags) {
        this.flags = flags;
    }

    /** The value of {@code epb_flags}. */
    public int flags() {
        return flags;
    }
}
