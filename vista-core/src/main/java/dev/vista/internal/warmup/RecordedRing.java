package dev.vista.internal.warmup;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

import dev.vista.internal.ringbuf.EventLayout;
import dev.vista.internal.ringbuf.RingBuffer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A BPF ring buffer's data area recorded off-heap, laid out as the kernel lays it out: each record
 * is an 8-byte header ({@code u32 len} with BUSY and DISCARD clear once committed, {@code u32 pg_off})
 * then the {@code struct vista_event} and its stack frames, records 8-byte aligned.
 */
public final class RecordedRing {
    private static final int HEADER_SIZE = 8;
    // Pages of struct bpf_ringbuf in front of the data area (header, consumer, producer): pg_off
    // counts from the struct, so the kernel can find it from a record. Consumers never read it.
    private static final int PAGES_BEFORE_DATA = 3;
    private static final int PAGE_SHIFT = 12;

    private final MemorySegment data;
    private final long[] offsets;
    private final int[] lengths;
    private int records;
    private long producer;

    /** Room for {@code maxRecords} records of any stack depth. */
    RecordedRing(Arena arena, int maxRecords) {
        long largest = HEADER_SIZE + EventLayout.SIZE + EventLayout.MAX_STACK_DEPTH * Long.BYTES;
        this.data = arena.allocate(maxRecords * largest, Long.BYTES);
        this.offsets = new long[maxRecords];
        this.lengths = new int[maxRecords];
    }

    /** Reserves and commits the next record, sized for {@code stackDepth} frames, and returns its writer. */
    EventWriter append(int stackDepth) {
        int length = EventLayout.SIZE + stackDepth * Long.BYTES;
        long header = producer;
        data.set(JAVA_INT_UNALIGNED, header, length);
        data.set(JAVA_INT_UNALIGNED, header + 4, (int) (header >>> PAGE_SHIFT) + PAGES_BEFORE_DATA);
        offsets[records] = header + HEADER_SIZE;
        lengths[records] = length;
        records++;
        producer += (length + HEADER_SIZE + 7) & ~7L;
        return new EventWriter(data, header + HEADER_SIZE, stackDepth);
    }

    /** Hands every record to {@code handler} as RingBuffer.drain would, without walking the headers. */
    public void replay(RingBuffer.RecordHandler handler) {
        for (int i = 0; i < records; i++) {
            handler.onRecord(data, offsets[i], lengths[i]);
        }
    }

    /** The producer position: bytes of the data area in use. */
    public long bytes() {
        return producer;
    }

    MemorySegment data() {
        return data;
    }
}
