package dev.vista;

import java.io.Serial;

/** libbpf is missing or older than the version this library needs. */
public final class LibbpfUnavailableException extends VistaException {
    @Serial
    private static final long serialVersionUID = 1L;

    public LibbpfUnavailableException(String message) {
        super(message);
    }

    public LibbpfUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
