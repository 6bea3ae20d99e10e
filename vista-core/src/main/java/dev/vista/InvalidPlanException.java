package dev.vista;

import java.io.Serial;

/** The trace was described wrongly (a malformed address, a port out of range, a missing netns...): nothing was touched in the kernel. */
public class InvalidPlanException extends VistaException {
    @Serial
    private static final long serialVersionUID = 1L;

    public InvalidPlanException(String message) {
        super(message);
    }

    public InvalidPlanException(String message, Throwable cause) {
        super(message, cause);
    }
}
