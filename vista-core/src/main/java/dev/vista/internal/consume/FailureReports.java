package dev.vista.internal.consume;

import dev.vista.TracerFailureException;
import dev.vista.TracerFailureException.Kind;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the first failure of each kind to the user's error callback (and the log): a failing sink
 * can throw per event, and a callback per event would flood the user. A callback that throws is
 * logged, never rethrown into the poller.
 */
public final class FailureReports {
    private static final Logger LOG = LoggerFactory.getLogger(FailureReports.class);

    private final Consumer<? super TracerFailureException> callback;
    private final AtomicIntegerArray reported = new AtomicIntegerArray(Kind.values().length);

    /** @param callback receives each kind's first failure; null when the user gave none (the log only) */
    public FailureReports(Consumer<? super TracerFailureException> callback) {
        this.callback = callback;
    }

    /** Reports {@code cause} if it is the first of its kind. */
    public void report(Kind kind, String message, Throwable cause) {
        if (!reported.compareAndSet(kind.ordinal(), 0, 1)) {
            return;
        }
        TracerFailureException failure = new TracerFailureException(kind, message, cause);
        LOG.error("{}", message, cause);
        if (callback == null) {
            return;
        }
        try {
            callback.accept(failure);
        } catch (Throwable t) {
            LOG.error("the onError callback threw while reporting {}", kind, t);
        }
    }
}
