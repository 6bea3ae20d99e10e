package dev.vista.benchmarks;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.vista.internal.libc.Libc;
import dev.vista.internal.libc.NativeCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Stands in for a BPF ring-buffer map fd so that RingBuffer can map it without a kernel: a memfd
 * laid out like the map's mmap space (consumer page, producer page, data area) holding a recording
 * that never wraps.
 */
final class MemfdRingMap implements AutoCloseable {
    private static final int MFD_CLOEXEC = 1;
    private static final MethodHandle MEMFD_CREATE = NativeCalls.downcall(NativeCalls.libc(), "memfd_create",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle FTRUNCATE = NativeCalls.downcall(NativeCalls.libc(), "ftruncate",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle CLOSE = NativeCalls.downcall(NativeCalls.libc(), "close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private final int fd;
    private final long size;
    private final MemorySegment map;

    MemfdRingMap(RecordedRing recording) {
        long page = Libc.pageSize();
        this.size = Math.max(page, Long.highestOneBit(recording.bytes() - 1) << 1);
        this.fd = memfd(2 * page + size);
        this.map = Libc.mmap(2 * page + size, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, fd, 0);
        MemorySegment.copy(recording.data(), 0, map, 2 * page, recording.bytes());
        map.set(JAVA_LONG, page, recording.bytes()); // the producer position
    }

    int fd() {
        return fd;
    }

    /** The data area's size: a power of two, as RingBuffer requires. */
    long size() {
        return size;
    }

    /** Marks every record unread again (the consumer position back to the start). */
    void rewind() {
        map.set(JAVA_LONG, 0, 0L);
    }

    @Override
    public void close() {
        Libc.munmap(map);
        try {
            check("close", (int) CLOSE.invokeExact(fd));
        } catch (Throwable t) {
            throw new IllegalStateException("cannot close the stand-in ring map", t);
        }
    }

    private static int memfd(long length) {
        try (Arena arena = Arena.ofConfined()) {
            int fd = check("memfd_create", (int) MEMFD_CREATE.invokeExact(arena.allocateFrom("vista-ring"),
                    MFD_CLOEXEC));
            check("ftruncate", (int) FTRUNCATE.invokeExact(fd, length));
            return fd;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot create the stand-in ring map", t);
        }
    }

    private static int check(String call, int rc) {
        if (rc < 0) {
            throw new IllegalStateException(call + " failed");
        }
        return rc;
    }
}
