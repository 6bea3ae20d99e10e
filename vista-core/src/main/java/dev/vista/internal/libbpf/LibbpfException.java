package dev.vista.internal.libbpf;

import dev.vista.VistaException;
import java.io.Serial;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** A libbpf call failed: the call, libbpf's own text for the error, and errno. */
public final class LibbpfException extends VistaException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int errno;

    public LibbpfException(String what, int errno) {
        this(what, errno, null);
    }

    public LibbpfException(String what, int errno, String detail) {
        super(what + ": " + describe(errno) + (detail == null || detail.isBlank() ? "" : "\n" + detail));
        this.errno = errno;
    }

    /** The positive errno (libbpf also has its own codes above 4000). */
    public int errno() {
        return errno;
    }

    static String describe(int errno) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(256);
            Libbpf.libbpf_strerror(errno, buf, buf.byteSize());
            return buf.getString(0) + " (errno " + errno + ")";
        }
    }
}
