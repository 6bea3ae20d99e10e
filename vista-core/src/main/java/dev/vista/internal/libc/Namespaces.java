package dev.vista.internal.libc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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

    private static final NativeFunction SETNS = NativeCalls.libcFunction("setns");
    private static final NativeFunction CLOSE = NativeCalls.libcFunction("close");

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
            int fd = Libc.open(state, arena.allocateFrom(nsFile.toString()), O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                throw new NativeException("open " + nsFile, NativeCalls.errno(state));
            }
            try {
                if ((int) SETNS.callCapturingErrno(state, fd, nstype) != 0) {
                    throw new NativeException("setns " + nsFile, NativeCalls.errno(state));
                }
            } finally {
                CLOSE.call(fd); // a read-only descriptor: nothing is lost if close fails
            }
        }
    }
}
