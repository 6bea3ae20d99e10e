package dev.vista.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.Protocol;
import dev.vista.TraceStats;
import dev.vista.Tracer;
import dev.vista.event.Tracepoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The meters against the tracer's own counts, on real drops: datagrams to a closed port on loopback, read by a
 * stalled consumer through a small ring so that some are lost.
 */
@Tag("kernel")
class TracerMetricsKernelTest {
    private static final int CLOSED_PORT = 47998;
    private static final int DATAGRAMS = 3000;

    @Test
    void deliveredDropsAndLostEventsAreCountedInRegistriesBoundBeforeAndAfterTheTrace() throws Exception {
        TracerMetrics metrics = new TracerMetrics();
        MeterRegistry before = new SimpleMeterRegistry();
        metrics.bindTo(before);
        CountDownLatch sent = new CountDownLatch(1);
        Tracer tracer = Tracer.builder().traceTracepoints(Tracepoint.KFREE_SKB).filterProtocol(Protocol.UDP)
                .filterPort(CLOSED_PORT).ringBufferSize(64 * 1024)
                .onEvent(e -> {
                    awaitQuietly(sent); // the ring fills while the datagrams are sent
                    metrics.accept(e);
                })
                .onLoss(metrics::lost)
                .start();
        try (tracer; DatagramChannel channel = DatagramChannel.open()) {
            var target = new InetSocketAddress(InetAddress.getLoopbackAddress(), CLOSED_PORT);
            for (int i = 0; i < DATAGRAMS; i++) {
                channel.send(ByteBuffer.wrap(new byte[] {1}), target);
            }
            sent.countDown();
            awaitAll(tracer);
        }
        TraceStats stats = tracer.stats();
        MeterRegistry after = new SimpleMeterRegistry();
        metrics.bindTo(after);

        assertThat(stats.lost()).as("lost with a 64 KiB ring and a stalled consumer").isPositive();
        assertThat(stats.delivered() + stats.lost()).isEqualTo(DATAGRAMS);
        for (MeterRegistry registry : new MeterRegistry[] {before, after}) {
            assertThat(count(registry, TracerMetrics.EVENTS, "source", "skb_tracepoint")).isEqualTo(stats.delivered());
            assertThat(count(registry, TracerMetrics.EVENTS, "source", "skb_function")).isZero();
            assertThat(count(registry, TracerMetrics.DROPS, "reason", "NO_SOCKET")).isEqualTo(stats.delivered());
            assertThat(registry.find(TracerMetrics.DROPS).functionCounters()).as("reasons seen").hasSize(1);
            assertThat((long) registry.get(TracerMetrics.LOST).functionCounter().count()).isEqualTo(stats.lost());
        }
    }

    private static long count(MeterRegistry registry, String name, String tag, String value) {
        return (long) registry.get(name).tag(tag, value).functionCounter().count();
    }

    private static void awaitAll(Tracer tracer) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (tracer.stats().delivered() + tracer.stats().lost() < DATAGRAMS && System.nanoTime() < deadline) {
            Thread.sleep(20);
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
