package dev.vista.internal.libc;

import java.io.Serial;

/** A libc call failed; carries the call's name and errno. */
public final class NativeException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int errno;

    public NativeException(String call, int errno) {
        super(call + " failed: " + Libc.strerror(errno) + " (errno " + errno + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
