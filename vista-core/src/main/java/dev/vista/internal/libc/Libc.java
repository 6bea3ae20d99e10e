package dev.vista.internal.libc;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * The few libc calls the ring-buffer consumer, the log bridge and the warm-up's stand-in ring need, in jextract's
 * shape.
 */
public final class Libc {
    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;
    public static final int MAP_SHARED = 0x01;
    public static final short POLLIN = 0x1;
    public static final int EINTR = 4;

    /** {@code struct pollfd { int fd; short events; short revents; }} */
    public static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));
    public static final VarHandle POLLFD_FD = POLLFD.varHandle(MemoryLayout.PathElement.groupElement("fd"));
    public static final VarHandle POLLFD_EVENTS = POLLFD.varHandle(MemoryLayout.PathElement.groupElement("events"));

    private static final MethodHandle MMAP = NativeCalls.downcallWithErrno(NativeCalls.libc(), "mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = NativeCalls.downcall(NativeCalls.libc(), "munmap",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle POLL = NativeCalls.downcallWithErrno(NativeCalls.libc(), "poll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle CLOSE = NativeCalls.downcallWithErrno(NativeCalls.libc(), "close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle OPEN = NativeCalls.downcallWithErrno(NativeCalls.libc(), "open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final int O_RDONLY_DIRECTORY_CLOEXEC = 0x10000 | 0x80000;
    private static final MethodHandle MEMFD_CREATE = NativeCalls.downcallWithErrno(NativeCalls.libc(), "memfd_create",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final int MFD_CLOEXEC = 1;
    private static final MethodHandle GETPAGESIZE = NativeCalls.downcall(NativeCalls.libc(), "getpagesize",
            FunctionDescriptor.of(JAVA_INT));
    private static final MemorySegment MAP_FAILED = MemorySegment.ofAddress(-1L);

    private Libc() {
    }

    /** mmap, throwing {@link NativeException} with errno on failure. */
    @SuppressWarnings("restricted") // the mapping is as long as asked for
    public static MemorySegment mmap(long length, int prot, int flags, int fd, long offset) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = NativeCalls.newCallState(arena);
            MemorySegment addr = (MemorySegment) MMAP.invokeExact(state, MemorySegment.NULL, length, prot, flags, fd,
                    offset);
            if (addr.equals(MAP_FAILED)) {
                throw new NativeException("mmap", NativeCalls.errno(state));
            }
            return addr.reinterpret(length);
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static void munmap(MemorySegment mapping) {
        try {
            int rc = (int) MUNMAP.invokeExact(mapping, mapping.byteSize());
            if (rc != 0) {
                throw new NativeException("munmap", -rc);
            }
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** poll(2) on one descriptor; returns the number of ready descriptors, 0 on timeout or EINTR. */
    public static int poll(MemorySegment pollfd, MemorySegment callState, int timeoutMillis) {
        try {
            int rc = (int) POLL.invokeExact(callState, pollfd, 1L, timeoutMillis);
            if (rc < 0) {
                int errno = NativeCalls.errno(callState);
                if (errno == EINTR) {
                    return 0;
                }
                throw new NativeException("poll", errno);
            }
            return rc;
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Formats a C format string and its va_list (passed as a pointer on x86-64) into buf. */
    public static int vsnprintf(MemorySegment buf, MemorySegment format, MemorySegment vaList) {
        try {
            return (int) Vsnprintf.HANDLE.invokeExact(buf, buf.byteSize(), format, vaList);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** The C library's text for an errno value. */
    @SuppressWarnings("restricted") // strerror's NUL-terminated buffer
    public static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) Strerror.HANDLE.invokeExact(errno);
            return text.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Opens a directory read-only (e.g. a cgroup, whose fd BPF maps take); the caller closes the fd. */
    public static int openDirectory(Path directory) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = NativeCalls.newCallState(arena);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(directory.toString()), O_RDONLY_DIRECTORY_CLOEXEC);
            if (fd < 0) {
                throw new NativeException("open " + directory, NativeCalls.errno(state));
            }
            return fd;
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * An anonymous file of {@code length} zero bytes in memory (memfd_create); the caller closes it. It is sized
     * through its /proc/self/fd link by the JDK's own ftruncate: a downcall of ftruncate's shape would spin its
     * own classes, about 0.1 s of an emulated machine's start (BENCHMARKS.md, issue 19).
     */
    public static int memfd(String name, long length) {
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = NativeCalls.newCallState(arena);
            fd = (int) MEMFD_CREATE.invokeExact(state, arena.allocateFrom(name), MFD_CLOEXEC);
            if (fd < 0) {
                throw new NativeException("memfd_create " + name, NativeCalls.errno(state));
            }
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (length > 0) {
            try (RandomAccessFile file = new RandomAccessFile(procFd(fd).toFile(), "rw")) {
                file.setLength(length);
            } catch (IOException e) {
                close(fd);
                throw new UncheckedIOException("cannot size memfd " + name + " to " + length + " bytes", e);
            }
        }
        return fd;
    }

    /** The name of this process's file descriptor {@code fd}, which opens the file it refers to. */
    public static Path procFd(int fd) {
        return Path.of("/proc/self/fd/" + fd);
    }

    /** Closes a file descriptor (a BPF link or program held by fd alone). */
    public static void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = NativeCalls.newCallState(arena);
            int rc = (int) CLOSE.invokeExact(state, fd);
            if (rc != 0) {
                throw new NativeException("close(" + fd + ")", NativeCalls.errno(state));
            }
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int pageSize() {
        try {
            return (int) GETPAGESIZE.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * {@code vsnprintf}, bound when libbpf's log is first printed: a trace whose log level leaves libbpf's lines out
     * never calls it, and each downcall shape bound spins classes (BENCHMARKS.md, issue 19, "Fourteenth round").
     */
    private static final class Vsnprintf {
        static final MethodHandle HANDLE = NativeCalls.downcall(NativeCalls.libc(), "vsnprintf",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));
    }

    /** {@code strerror}, bound when an error is first described (a trace that fails nothing never calls it). */
    private static final class Strerror {
        static final MethodHandle HANDLE = NativeCalls.downcall(NativeCalls.libc(), "strerror",
                FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }
}
