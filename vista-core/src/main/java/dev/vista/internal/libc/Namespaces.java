package dev.vista.internal.libc;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * libc's {@code setns(2)}: moves the calling thread (only that thread) into another namespace.
 * Java cannot hand out the descriptor of an open file, so the namespace file is opened here too.
 */
public final class Namespaces {
    public static final int CLONE_NEWNET = 0x40000000;
    /** errno of setns without CAP_SYS_ADMIN. */
    public static final int EPERM = 1;

    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;

    private static final MethodHandle OPEN = NativeCalls.downcallWithErrno(NativeCalls.libc(), "open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETNS = NativeCalls.downcallWithErrno(NativeCalls.libc(), "setns",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle CLOSE = NativeCalls.downcall(NativeCalls.libc(), "close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private Namespaces() {
    }

    /**
     * Moves the calling thread into the namespace that {@code nsFile} refers to (e.g. {@code /run/netns/x},
     * {@code /proc/<pid>/ns/net}); {@code nstype} is the expected kind, e.g. {@link #CLONE_NEWNET}.
     *
     * @throws NativeException with errno when the file cannot be opened or setns refuses (EPERM: not root)
     */
    public static void enter(Path nsFile, int nstype) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = NativeCalls.newCallState(arena);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(nsFile.toString()), O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                throw new NativeException("open " + nsFile, NativeCalls.errno(state));
            }
            try {
                if ((int) SETNS.invokeExact(state, fd, nstype) != 0) {
                    throw new NativeException("setns " + nsFile, NativeCalls.errno(state));
                }
            } finally {
                int _ = (int) CLOSE.invokeExact(fd); // a read-only descriptor: nothing is lost if close fails
            }
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
