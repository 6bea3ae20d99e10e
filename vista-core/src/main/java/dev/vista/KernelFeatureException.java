package dev.vista;

import java.io.Serial;

/** The running kernel lacks a feature the trace needs; the message names it and the alternative. */
public final class KernelFeatureException extends VistaException {
    @Serial
    private static final long serialVersionUID = 1L;

    public KernelFeatureException(String message) {
        super(message);
    }

    public KernelFeatureException(String message, Throwable cause) {
        super(message, cause);
    }
}
