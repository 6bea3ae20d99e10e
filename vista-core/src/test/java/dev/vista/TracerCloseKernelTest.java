package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * close() from every thread a user may call it on: a callback of the tracer, another thread while a
 * callback runs or never returns, twice, and a shutdown hook (SIGTERM) while a callback is blocked.
 */
@Tag("kernel")
class TracerCloseKernelTest {
    private static final int CLOSED_PORT = 47982;

    @AfterEach
    void nothingOfOursIsLoaded() throws Exception {
        assertThat(OurBpfPrograms.awaitNone()).as("BPF programs left behind").isEmpty();
    }

    private static TracerBuilder dropsToTheClosedPort() {
        return Traffic.udpDropsAt(CLOSED_PORT);
    }

    @Test
    void closeInsideACallbackReturnsAndNothingMoreIsDelivered() throws Exception {
        AtomicReference<Tracer> self = new AtomicReference<>();
        AtomicLong calls = new AtomicLong();
        CountDownLatch closedInCallback = new CountDownLatch(1);
        Tracer tracer = dropsToTheClosedPort().onEventView(view -> {
            calls.incrementAndGet();
            self.get().close(); // "stop at the first drop"
            closedInCallback.countDown();
        }).start();
        self.set(tracer);
        Traffic.sendUdpToLoopback(CLOSED_PORT, 50);

        assertThat(closedInCallback.await(10, TimeUnit.SECONDS)).as("close() returned inside the callback").isTrue();
        Thread.sleep(200);
        assertThat(calls.get()).as("events delivered after close()").isEqualTo(1);
        tracer.close(); // and once more from outside: nothing to do
    }

    @Test
    void closeFromAnotherThreadWaitsForTheRunningCallbackToReturn() throws Exception {
        CountDownLatch inCallback = new CountDownLatch(1);
        AtomicBoolean callbackReturned = new AtomicBoolean();
        Tracer tracer = dropsToTheClosedPort().onEventView(view -> {
            inCallback.countDown();
            sleep(Duration.ofMillis(500));
            callbackReturned.set(true);
        }).start();
        Traffic.sendUdpToLoopback(CLOSED_PORT, 1);
        assertThat(inCallback.await(10, TimeUnit.SECONDS)).isTrue();

        tracer.close();
        assertThat(callbackReturned).as("the callback returned before close() did").isTrue();
    }

    @Test
    void closeReturnsInBoundedTimeWhenACallbackNeverDoesAndTheCallbackFreesTheRest() throws Exception {
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch unblock = new CountDownLatch(1);
        Tracer tracer = dropsToTheClosedPort().onEventView(view -> {
            inCallback.countDown();
            awaitQuietly(unblock);
        }).start();
        Traffic.sendUdpToLoopback(CLOSED_PORT, 1);
        assertThat(inCallback.await(10, TimeUnit.SECONDS)).isTrue();

        long started = System.nanoTime();
        Thread second = Thread.ofPlatform().start(tracer::close); // two closes at once
        tracer.close();
        second.join(Duration.ofSeconds(10));
        assertThat(second.isAlive()).as("the second close() still waits").isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Tracer.CALLBACK_WAIT.plusSeconds(2));
        // The callback returns: the poller frees the ring, maps and programs (checked after each test).
        unblock.countDown();
    }

    @Test
    void sigtermWhileACallbackIsBlockedEndsTheJvmWithinFiveSecondsAndLeavesNothingLoaded() throws Exception {
        Process child = ChildTracer.launch(List.of(), List.of(ChildTracer.BLOCK_IN_CALLBACK));
        try {
            assertThat(ChildTracer.firstOutputLine(child)).startsWith(ChildTracer.READY);
            Traffic.sendUdpToLoopback(ChildTracer.BLOCKING_PORT, 1);
            assertThat(ChildTracer.firstOutputLine(child)).isEqualTo(ChildTracer.IN_CALLBACK);

            child.destroy(); // SIGTERM: the shutdown hook closes the tracer
            assertThat(child.waitFor(5, TimeUnit.SECONDS)).as("the JVM ended within 5 s of SIGTERM").isTrue();
            assertThat(child.exitValue()).isEqualTo(143);
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
