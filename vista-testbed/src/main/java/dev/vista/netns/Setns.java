package dev.vista.netns;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Moves the calling thread into a network namespace with libc's {@code open} and {@code setns} (FFM). The test
 * bed's own binding: it cannot use the tracer's (vista-core's tests depend on the test bed, not the reverse),
 * and it needs nothing else of libc.
 */
final class Setns {
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY_CLOEXEC = 0x80000;
    private static final int EPERM = 1;
    private static final Linker LIBC = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle OPEN = function("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETNS = function("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle CLOSE = function("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private Setns() {
    }

    @SuppressWarnings("restricted") // binding a libc function: the caller runs with native access enabled
    private static MethodHandle function(String name, FunctionDescriptor descriptor) {
        MemorySegment address = LIBC.defaultLookup().find(name)
                .orElseThrow(() -> new TestbedException("libc has no " + name + "()"));
        return LIBC.downcallHandle(address, descriptor, Linker.Option.captureCallState("errno"));
    }

    /** Enters the namespace of {@code ns} on the calling thread only. */
    static void enter(NetworkNamespace ns) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(ns.path().toString()), O_RDONLY_CLOEXEC);
            if (fd < 0) {
                throw failure(ns, "open", state);
            }
            try {
                if ((int) SETNS.invokeExact(state, fd, CLONE_NEWNET) != 0) {
                    throw failure(ns, "setns", state);
                }
            } finally {
                int _ = (int) CLOSE.invokeExact(state, fd); // read-only: nothing is lost if close fails
            }
        } catch (TestbedException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static TestbedException failure(NetworkNamespace ns, String call, MemorySegment state) {
        int errno = (int) ERRNO.get(state, 0L);
        return new TestbedException("cannot enter network namespace " + ns.name() + ": " + call + " " + ns.path()
                + " failed with errno " + errno + (errno == EPERM ? " (needs CAP_SYS_ADMIN: run as root)" : ""));
    }
}
