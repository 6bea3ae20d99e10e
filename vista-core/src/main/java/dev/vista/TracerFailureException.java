package dev.vista;

import java.io.Serial;

/**
 * A failure while tracing, after start: handed once per {@link Kind} to the builder's
 * {@link TracerBuilder#onError onError} callback, and thrown by {@link Tracer#awaitLimit} and
 * {@link Tracer#close()} when the poller died. The cause is what was thrown, if anything was.
 */
public final class TracerFailureException extends VistaException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final Kind kind;

    /** What failed. */
    public enum Kind {
        /** An event sink threw a RuntimeException: the event was skipped, tracing went on (each one is counted). */
        SINK_FAILED,
        /** The poller thread ended on an Error or a fault of its own: no further event is delivered. */
        POLLER_DIED,
        /**
         * The event queue ({@link TracerBuilder#eventQueue}) was full: the event was dropped, tracing went on
         * (each one is counted in {@link TraceStats#queueOverflow()}).
         */
        QUEUE_OVERFLOW
    }

    public TracerFailureException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
