package dev.vista;

/** The process lacks the privileges to load BPF programs (root, or CAP_BPF with CAP_PERFMON and CAP_NET_ADMIN). */
public final class PrivilegeException extends VistaException {
    public PrivilegeException(String message) {
        super(message);
    }

    public PrivilegeException(String message, Throwable cause) {
        super(message, cause);
    }
}
