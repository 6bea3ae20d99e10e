package dev.vista;

import java.io.Serial;

/** Every failure of the tracer: a message that says what went wrong and what to do about it. */
public class VistaException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    public VistaException(String message) {
        super(message);
    }

    public VistaException(String message, Throwable cause) {
        super(message, cause);
    }
}
