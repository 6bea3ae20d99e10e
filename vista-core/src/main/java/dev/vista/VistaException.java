package dev.vista;

/** Every failure of the tracer: a message that says what went wrong and what to do about it. */
public class VistaException extends RuntimeException {
    public VistaException(String message) {
        super(message);
    }

    public VistaException(String message, Throwable cause) {
        super(message, cause);
    }
}
