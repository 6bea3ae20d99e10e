package dev.vista;

/** libbpf is missing or older than the version this library needs. */
public final class LibbpfUnavailableException extends VistaException {
    public LibbpfUnavailableException(String message) {
        super(message);
    }

    public LibbpfUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
