package dev.vista.event;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The bytes of a packet captured with an event ({@code capturePackets(snaplen)}): immutable. Only the
 * skb's linear data can be read from a tracing program, so {@link #length()} may be less than both the
 * snaplen and {@link #originalLength()}.
 */
public final class CapturedPacket {
    private final PacketStart start;
    private final int originalLength;
    private final byte[] bytes;

    public CapturedPacket(PacketStart start, int originalLength, byte[] bytes) {
        if (bytes.length > originalLength) {
            throw new IllegalArgumentException("captured " + bytes.length + " bytes of a packet of " + originalLength);
        }
        this.start = start;
        this.originalLength = originalLength;
        this.bytes = bytes.clone();
    }

    /** Where the bytes start: the link-layer header or the IP header. */
    public PacketStart start() {
        return start;
    }

    /** The packet's whole length from {@link #start()}, including the bytes not captured. */
    public int originalLength() {
        return originalLength;
    }

    /** Bytes captured. */
    public int length() {
        return bytes.length;
    }

    /** A copy of the bytes captured. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Copies the bytes captured to {@code target} at {@code offset}; returns how many. */
    public int copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, bytes.length);
        return bytes.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CapturedPacket that && start == that.start && originalLength == that.originalLength
                && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * start.hashCode() + originalLength) + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "CapturedPacket[" + start + ", " + bytes.length + " of " + originalLength + " bytes: "
                + HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 64)) + (bytes.length > 64 ? "...]" : "]");
    }
}
