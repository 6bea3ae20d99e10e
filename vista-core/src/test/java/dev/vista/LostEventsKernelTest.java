package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.EventSource;
import dev.vista.event.LossEvent;
import dev.vista.event.Tracepoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
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
        Tracer tracer = Traffic.udpDropsAt(CLOSED_PORT).ringBufferSize(64 * 1024)
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
        try (Tracer tracer = Traffic.udpDropsAt(CLOSED_PORT).ringBufferSize(64 * 1024)
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

    /** A packet event as the stream had it: its datagram's number is its length less a constant. */
    private record Seen(int cpu, long timestampNs, int len) {
    }

    @Test
    void lossMarkersSitWhereTheEventsWentMissingAndAddUpToTheCounter() throws Exception {
        List<Object> stream = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<CountDownLatch> gate = new AtomicReference<>(new CountDownLatch(0));
        Tracer tracer = Traffic.udpDropsAt(CLOSED_PORT).ringBufferSize(64 * 1024)
                .onEventView(view -> {
                    awaitQuietly(gate.get());
                    stream.add(new Seen(view.cpu(), view.timestampNs(), view.len()));
                })
                .onLoss(stream::add)
                .start();
        int produced = 0;
        try (DatagramChannel channel = DatagramChannel.open()) {
            var target = new InetSocketAddress(InetAddress.getLoopbackAddress(), CLOSED_PORT);
            // Three bursts the stalled consumer cannot hold, a few datagrams it can: the losses of the first two
            // bursts are marked in the ring before the next datagram's event, those of the last at close.
            for (int burst : new int[] {1500, 1500, 10, 1500}) {
                gate.set(new CountDownLatch(burst > 10 ? 1 : 0));
                for (int i = 0; i < burst; i++, produced++) {
                    channel.send(ByteBuffer.allocate(produced + 1), target); // the length numbers the datagram
                }
                gate.get().countDown();
                awaitDelivered(tracer, produced);
            }
        } finally {
            tracer.close();
        }

        List<LossEvent> markers = stream.stream().filter(LossEvent.class::isInstance).map(LossEvent.class::cast)
                .toList();
        List<Seen> events = stream.stream().filter(Seen.class::isInstance).map(Seen.class::cast).toList();
        long marked = markers.stream().mapToLong(LossEvent::count).sum();
        TraceStats stats = tracer.stats();
        assertThat(markers).as("markers in the ring and at close").hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(marker -> assertThat(marker.sources()).containsExactly(EventSource.SKB_TRACEPOINT));
        assertThat(marked).as("the markers' counts add up to the BPF counter").isEqualTo(stats.lost()).isPositive();
        assertThat(events).hasSize((int) stats.delivered());
        assertThat(stats.delivered() + marked).as("delivered + lost = produced").isEqualTo(produced);

        int header = events.getFirst().len() - 1; // the first datagram (payload 1) always fits
        Set<Integer> delivered = new HashSet<>();
        events.forEach(event -> delivered.add(event.len() - header));
        for (int at = 0; at < stream.size(); at++) {
            if (stream.get(at) instanceof LossEvent marker) {
                Seen before = neighbour(stream, at, marker.cpu(), -1);
                Seen after = neighbour(stream, at, marker.cpu(), +1);
                int from = before == null ? 1 : before.len() - header + 1;
                int to = after == null ? produced : after.len() - header - 1;
                long missing = IntStream.rangeClosed(from, to).filter(n -> !delivered.contains(n)).count();
                assertThat(marker.count()).as("a marker's losses lie between its CPU's events around it: %s", marker)
                        .isPositive().isLessThanOrEqualTo(missing);
                if (before != null) {
                    assertThat(marker.timestampNs()).isGreaterThan(before.timestampNs());
                }
                if (after != null) {
                    assertThat(marker.timestampNs()).isLessThan(after.timestampNs());
                }
            }
        }
        assertThat(stream.getLast()).as("the last burst's losses, marked at close").isInstanceOf(LossEvent.class);
        assertThat(stream.subList(0, stream.size() - markers.size())).as("markers the ring carried")
                .hasAtLeastOneElementOfType(LossEvent.class);
    }

    /** The nearest packet event of {@code cpu} before ({@code step} -1) or after (+1) position {@code at}. */
    private static Seen neighbour(List<Object> stream, int at, int cpu, int step) {
        for (int i = at + step; i >= 0 && i < stream.size(); i += step) {
            if (stream.get(i) instanceof Seen seen && seen.cpu() == cpu) {
                return seen;
            }
        }
        return null;
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
