package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.Tracepoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** When the consumer falls behind, every event is either delivered or counted as lost: none vanish. */
@Tag("kernel")
class LostEventsKernelTest {
    private static final int CLOSED_PORT = 47999;
    private static final int DATAGRAMS = 3000;
    private static final int BURST = 100;

    @Test
    void aFullRingCountsEveryEventItCouldNotHold() throws Exception {
        CountDownLatch sent = new CountDownLatch(1);
        AtomicLong received = new AtomicLong();
        // Each datagram to the closed port is freed exactly once (kfree_skb, NO_SOCKET): DATAGRAMS events.
        Tracer tracer = Tracer.builder().traceTracepoints(Tracepoint.KFREE_SKB).filterProtocol(Protocol.UDP)
                .filterPort(CLOSED_PORT).ringBufferSize(64 * 1024)
                .onEventView(view -> {
                    awaitQuietly(sent);
                    received.incrementAndGet();
                })
                .start();
        try {
            Traffic.sendUdpToLoopback(CLOSED_PORT, DATAGRAMS);
            sent.countDown();
            awaitStable(tracer);
        } finally {
            tracer.close();
        }
        TraceStats stats = tracer.stats();
        assertThat(stats.lost()).as("events lost with a 64 KiB ring and a stalled consumer").isPositive();
        assertThat(stats.delivered()).isEqualTo(received.get()).isPositive();
        assertThat(stats.delivered() + stats.lost()).isEqualTo(DATAGRAMS);
        assertThat(stats.perTracepoint()).containsOnlyKeys(Tracepoint.KFREE_SKB);
    }

    @Test
    void aConsumerThatKeepsUpLosesNothingThoughTheTrafficIsManyTimesTheRing() throws Exception {
        AtomicLong received = new AtomicLong();
        // 3000 events of 160 bytes are seven 64 KiB rings: the space each drain frees must reach the
        // kernel, though a drain of one burst (16 KiB) frees less than the consumer publishes at once.
        try (Tracer tracer = Tracer.builder().traceTracepoints(Tracepoint.KFREE_SKB).filterProtocol(Protocol.UDP)
                .filterPort(CLOSED_PORT).ringBufferSize(64 * 1024)
                .onEventView(view -> received.incrementAndGet())
                .start();
                DatagramChannel channel = DatagramChannel.open()) {
            var target = new InetSocketAddress(InetAddress.getLoopbackAddress(), CLOSED_PORT);
            for (int burst = 0; burst < DATAGRAMS / BURST; burst++) {
                for (int i = 0; i < BURST; i++) {
                    channel.send(ByteBuffer.wrap(new byte[] {1}), target);
                }
                awaitDelivered(tracer, (burst + 1L) * BURST);
            }
            TraceStats stats = tracer.stats();
            assertThat(stats.lost()).isZero();
            assertThat(stats.delivered()).isEqualTo(DATAGRAMS).isEqualTo(received.get());
        }
    }

    private static void awaitDelivered(Tracer tracer, long events) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (tracer.stats().delivered() + tracer.stats().lost() < events && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    private static void awaitStable(Tracer tracer) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        TraceStats stats = tracer.stats();
        while (stats.delivered() + stats.lost() < DATAGRAMS && System.nanoTime() < deadline) {
            Thread.sleep(50);
            stats = tracer.stats();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
