package dev.vista.internal.warmup;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.vista.internal.libc.Libc;
import java.lang.foreign.MemorySegment;

/**
 * Stands in for a BPF ring-buffer map fd so that RingBuffer can map it without a kernel: a memfd
 * laid out like the map's mmap space (consumer page, producer page, data area) holding a recording
 * that never wraps.
 */
public final class MemfdRingMap implements AutoCloseable {
    private final int fd;
    private final long size;
    private final MemorySegment map;

    public MemfdRingMap(RecordedRing recording) {
        long page = Libc.pageSize();
        this.size = Math.max(page, Long.highestOneBit(recording.bytes() - 1) << 1);
        this.fd = Libc.memfd("vista-ring", 2 * page + size);
        try {
            this.map = Libc.mmap(2 * page + size, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, fd, 0);
        } catch (RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
        MemorySegment.copy(recording.data(), 0, map, 2 * page, recording.bytes());
        map.set(JAVA_LONG, page, recording.bytes()); // the producer position
    }

    public int fd() {
        return fd;
    }

    /** The data area's size: a power of two, as RingBuffer requires. */
    public long size() {
        return size;
    }

    /** Marks every record unread again (the consumer position back to the start). */
    public void rewind() {
        map.set(JAVA_LONG, 0, 0L);
    }

    @Override
    public void close() {
        Libc.munmap(map);
        Libc.close(fd);
    }
}
