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
    private final boolean logged;
    private final AtomicIntegerArray reported = new AtomicIntegerArray(Kind.values().length);

    /** @param callback receives each kind's first failure; null when the user gave none (the log only) */
    public FailureReports(Consumer<? super TracerFailureException> callback) {
        this(callback, true);
    }

    private FailureReports(Consumer<? super TracerFailureException> callback, boolean logged) {
        this.callback = callback;
        this.logged = logged;
    }

    /**
     * Hands each kind's first failure to {@code callback} and not to the log, for a caller that reports it in its
     * own words (a warm-up throws it: the log's "tracing goes on" would be untrue there).
     */
    public static FailureReports unlogged(Consumer<? super TracerFailureException> callback) {
        return new FailureReports(callback, false);
    }

    /** Reports {@code cause} if it is the first of its kind. */
    public void report(Kind kind, String message, Throwable cause) {
        if (!reported.compareAndSet(kind.ordinal(), 0, 1)) {
            return;
        }
        TracerFailureException failure = new TracerFailureException(kind, message, cause);
        if (logged) {
            LOG.error("{}", message, cause);
        }
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
