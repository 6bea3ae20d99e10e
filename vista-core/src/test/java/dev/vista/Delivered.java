package dev.vista;

import java.time.Duration;

/** Waiting in kernel tests for the poller to have handed over what the test sent. */
final class Delivered {
    private Delivered() {
    }

    /** Waits until the tracer delivered {@code events}, at most 10 s (the assertions that follow say what came). */
    static void await(Tracer tracer, long events) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (tracer.stats().delivered() < events && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
