package dev.vista;

import java.io.Serial;

/** The process lacks the privileges to load BPF programs (root, or CAP_BPF with CAP_PERFMON and CAP_NET_ADMIN). */
public final class PrivilegeException extends VistaException {
    @Serial
    private static final long serialVersionUID = 1L;

    public PrivilegeException(String message) {
        super(message);
    }

    public PrivilegeException(String message, Throwable cause) {
        super(message, cause);
    }
}
