package dev.vista.examples.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT) or SIGTERM as a request to stop the running command. The JVM's shutdown waits, for a
 * bounded time, until the command has closed its tracer and printed its summary. Tracers and test beds
 * also clean up in their own shutdown hooks, so nothing is left behind if the command is slower than that.
 */
public final class StopRequest {
    private static final Duration GRACE = Duration.ofSeconds(15);

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    /** A request only {@link #request()} makes (tests). */
    StopRequest() {
    }

    /** A request the JVM's shutdown (Ctrl-C, SIGTERM) makes. */
    static StopRequest onShutdown() {
        StopRequest stop = new StopRequest();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("vista-stop").unstarted(stop::requestAndWait));
        return stop;
    }

    void request() {
        requested.countDown();
    }

    public boolean requested() {
        return requested.getCount() == 0;
    }

    /** Waits until stop is requested; false if the time ran out first. */
    boolean await(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The command has finished: the shutdown need not wait any longer. */
    void finished() {
        finished.countDown();
    }

    private void requestAndWait() {
        request();
        try {
            finished.await(GRACE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
