package dev.vista.internal.libc;

import static dev.vista.internal.libc.NativeFunction.address;
import static dev.vista.internal.libc.NativeFunction.pointer;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
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
    public static final long POLLFD_FD = NativeCalls.offset(POLLFD, "fd");
    public static final long POLLFD_EVENTS = NativeCalls.offset(POLLFD, "events");

    private static final NativeFunction MMAP = NativeCalls.libcFunction("mmap");
    private static final NativeFunction MUNMAP = NativeCalls.libcFunction("munmap");
    private static final NativeFunction POLL = NativeCalls.libcFunction("poll");
    private static final NativeFunction CLOSE = NativeCalls.libcFunction("close");
    private static final int O_RDONLY_DIRECTORY_CLOEXEC = 0x10000 | 0x80000;
    private static final NativeFunction MEMFD_CREATE = NativeCalls.libcFunction("memfd_create");
    private static final int MFD_CLOEXEC = 1;
    private static final NativeFunction FTRUNCATE = NativeCalls.libcFunction("ftruncate");
    private static final NativeFunction GETPAGESIZE = NativeCalls.libcFunction("getpagesize");
    private static final NativeFunction VSNPRINTF = NativeCalls.libcFunction("vsnprintf");
    private static final NativeFunction STRERROR = NativeCalls.libcFunction("strerror");
    private static final long MAP_FAILED = -1L;

    private Libc() {
    }

    /** mmap, throwing {@link NativeException} with errno on failure. */
    @SuppressWarnings("restricted") // the mapping is as long as asked for
    public static MemorySegment mmap(long length, int prot, int flags, int fd, long offset) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = NativeCalls.newCallState(arena);
            long addr = MMAP.callCapturingErrno(state, 0, length, prot, flags, fd, offset);
            if (addr == MAP_FAILED) {
                throw new NativeException("mmap", NativeCalls.errno(state));
            }
            return pointer(addr).reinterpret(length);
        }
    }

    public static void munmap(MemorySegment mapping) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = NativeCalls.newCallState(arena);
            if ((int) MUNMAP.callCapturingErrno(state, address(mapping), mapping.byteSize()) != 0) {
                throw new NativeException("munmap", NativeCalls.errno(state));
            }
        }
    }

    /** poll(2) on one descriptor; returns the number of ready descriptors, 0 on timeout or EINTR. */
    public static int poll(MemorySegment pollfd, MemorySegment callState, int timeoutMillis) {
        int rc = (int) POLL.callCapturingErrno(callState, address(pollfd), 1, timeoutMillis);
        if (rc < 0) {
            int errno = NativeCalls.errno(callState);
            if (errno == EINTR) {
                return 0;
            }
            throw new NativeException("poll", errno);
        }
        return rc;
    }

    /** Formats a C format string and its va_list (passed as a pointer on x86-64) into buf. */
    public static int vsnprintf(MemorySegment buf, MemorySegment format, MemorySegment vaList) {
        return (int) VSNPRINTF.call(address(buf), buf.byteSize(), address(format), address(vaList));
    }

    /** The C library's text for an errno value. */
    @SuppressWarnings("restricted") // strerror's NUL-terminated buffer
    public static String strerror(int errno) {
        return pointer(STRERROR.call(errno)).reinterpret(1024).getString(0);
    }

    /** Opens a directory read-only (e.g. a cgroup, whose fd BPF maps take); the caller closes the fd. */
    public static int openDirectory(Path directory) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = NativeCalls.newCallState(arena);
            int fd = open(state, arena.allocateFrom(directory.toString()), O_RDONLY_DIRECTORY_CLOEXEC);
            if (fd < 0) {
                throw new NativeException("open " + directory, NativeCalls.errno(state));
            }
            return fd;
        }
    }

    /**
     * An anonymous file of {@code length} zero bytes in memory (memfd_create, then ftruncate); the caller closes it.
     */
    public static int memfd(String name, long length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = NativeCalls.newCallState(arena);
            int fd = (int) MEMFD_CREATE.callCapturingErrno(state, address(arena.allocateFrom(name)), MFD_CLOEXEC);
            if (fd < 0) {
                throw new NativeException("memfd_create " + name, NativeCalls.errno(state));
            }
            if ((int) FTRUNCATE.callCapturingErrno(state, fd, length) != 0) {
                int errno = NativeCalls.errno(state);
                close(fd);
                throw new NativeException("ftruncate memfd " + name + " to " + length + " bytes", errno);
            }
            return fd;
        }
    }

    /** The name of this process's file descriptor {@code fd}, which opens the file it refers to. */
    public static Path procFd(int fd) {
        return Path.of("/proc/self/fd/" + fd);
    }

    /** Closes a file descriptor (a BPF link or program held by fd alone). */
    public static void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = NativeCalls.newCallState(arena);
            int rc = (int) CLOSE.callCapturingErrno(state, fd);
            if (rc != 0) {
                throw new NativeException("close(" + fd + ")", NativeCalls.errno(state));
            }
        }
    }

    public static int pageSize() {
        return (int) GETPAGESIZE.call();
    }

    /**
     * {@code open(path, flags)} without O_CREAT (so without a mode): the fd, or -1 with errno in {@code callState}.
     * open is variadic, so it has a descriptor of its own rather than {@link NativeFunction}'s, which does not set
     * rax as a call of a variadic function must. Only a trace with a cgroup filter, or one that enters a network
     * namespace, binds it.
     */
    static int open(MemorySegment callState, MemorySegment path, int flags) {
        try {
            return (int) Open.HANDLE.invokeExact(callState, path, flags);
        } catch (Throwable t) {
            throw new AssertionError("the downcall of open failed", t);
        }
    }

    /** {@code int open(const char *pathname, int flags, ...)}, bound when first called. */
    private static final class Open {
        static final MethodHandle HANDLE = NativeCalls.downcallWithErrno(NativeCalls.libc(), "open",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.firstVariadicArg(2));
    }
}
