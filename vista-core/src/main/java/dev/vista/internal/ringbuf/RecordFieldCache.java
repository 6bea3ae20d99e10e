package dev.vista.internal.ringbuf;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Values decoded from a fixed run of a record's bytes (the comm, the ifname, the tuple), cached by those
 * bytes: a flood repeats few distinct values, so decoding each once saves the Strings and InetAddresses
 * a copy would otherwise make per event. Equal bytes always decode to equal values, so a hit is exact.
 * Direct-mapped: a slot keeps the last value whose bytes hashed to it, so memory stays bounded and a
 * collision costs only a decode. Single-threaded (the poller's).
 */
public final class RecordFieldCache<V> {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final int field;
    private final int words;
    private final int mask;
    private final long[] keys;
    private final Object[] values;
    private final long[] scratch;
    private final Function<? super RingEventView, ? extends V> decode;

    /**
     * @param field  the run's offset in the record (an {@link EventLayout} constant)
     * @param bytes  the run's length, a multiple of 8
     * @param slots  how many values to keep, a power of two
     * @param decode makes the value from a view of the record (on a miss)
     */
    public RecordFieldCache(int field, int bytes, int slots, Function<? super RingEventView, ? extends V> decode) {
        if (bytes <= 0 || bytes % Long.BYTES != 0 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("bytes " + bytes + " must be a positive multiple of 8 and slots "
                    + slots + " a power of two");
        }
        this.field = field;
        this.words = bytes / Long.BYTES;
        this.mask = slots - 1;
        this.keys = new long[slots * words];
        this.values = new Object[slots];
        this.scratch = new long[words];
        this.decode = decode;
    }

    @SuppressWarnings("unchecked") // values[] holds only what decode returned
    public V get(RingEventView view) {
        // Each word read once (a segment read checks bounds and the session): into the scratch, then hashed.
        MemorySegment segment = view.segment();
        long at = view.base() + field;
        long hash = 0;
        for (int i = 0; i < words; i++) {
            long word = segment.get(JAVA_LONG_UNALIGNED, at + (long) i * Long.BYTES);
            scratch[i] = word;
            hash = (hash + word) * GOLDEN;
        }
        int slot = (int) (hash >>> 32) & mask;
        int key = slot * words;
        if (values[slot] != null && Arrays.equals(keys, key, key + words, scratch, 0, words)) {
            return (V) values[slot];
        }
        V value = decode.apply(view);
        System.arraycopy(scratch, 0, keys, key, words);
        values[slot] = value; // a null value is not kept: decoded again next time
        return value;
    }
}
