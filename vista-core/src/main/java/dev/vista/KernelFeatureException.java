package dev.vista;

/** The running kernel lacks a feature the trace needs; the message names it and the alternative. */
public final class KernelFeatureException extends VistaException {
    public KernelFeatureException(String message) {
        super(message);
    }

    public KernelFeatureException(String message, Throwable cause) {
        super(message, cause);
    }
}
