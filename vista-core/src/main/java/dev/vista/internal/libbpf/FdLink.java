package dev.vista.internal.libbpf;

import dev.vista.internal.libc.Libc;

/** A link the kernel returned as a bare fd (raw tracepoint open of a cloned program). */
public final class FdLink implements Attachment {
    private final String what;
    private int fd;

    FdLink(String what, int fd) {
        this.what = what;
        this.fd = fd;
    }

    @Override
    public void close() {
        if (fd >= 0) {
            int closing = fd;
            fd = -1;
            Libc.close(closing);
        }
    }

    @Override
    public String toString() {
        return what;
    }
}
