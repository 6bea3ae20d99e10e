package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.TracerFailureException.Kind;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The pull style: a bounded queue that a slow reader overflows, counted and reported, never blocking the
 * tracer nor growing; a reader that keeps up gets every event, and its loop ends when the tracer closes.
 * Each datagram to the closed port is one kfree_skb event, so the counts are exact.
 */
@Tag("kernel")
class EventQueueKernelTest {
    private static final int CLOSED_PORT = 47984;

    private final List<TracerFailureException> errors = new CopyOnWriteArrayList<>();

    @AfterEach
    void nothingOfOursIsLoaded() throws Exception {
        assertThat(OurBpfPrograms.awaitNone()).as("BPF programs left behind").isEmpty();
    }

    private TracerBuilder dropsToTheClosedPort() {
        return Traffic.udpDropsAt(CLOSED_PORT).onError(errors::add);
    }

    @Test
    void aReaderThatDoesNotKeepUpLosesTheOverflowCountedAndReportedOnce() throws Exception {
        int capacity = 8;
        int datagrams = 40;
        List<TraceEvent> taken = new ArrayList<>();
        TraceStats stats;
        Tracer tracer = dropsToTheClosedPort().eventQueue(capacity).start();
        EventQueue<TraceEvent> queue = tracer.events();
        try (tracer) {
            Traffic.sendUdpToLoopback(CLOSED_PORT, datagrams);
            Delivered.await(tracer, datagrams);
        } finally {
            stats = tracer.stats();
        }
        while (true) {
            TraceEvent event = queue.take(); // null once closed and empty: does not block
            if (event == null) {
                break;
            }
            taken.add(event);
        }

        assertThat(stats.delivered()).isEqualTo(datagrams);
        assertThat(taken).hasSize(capacity).allSatisfy(event -> assertThat(event.tuple().destinationPort())
                .isEqualTo(CLOSED_PORT));
        assertThat(stats.queueOverflow()).isEqualTo(queue.overflow()).isEqualTo(datagrams - capacity);
        assertThat(taken.size() + stats.queueOverflow()).isEqualTo(stats.delivered());
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo(Kind.QUEUE_OVERFLOW);
            assertThat(error).hasMessageContaining("capacity 8");
        });
    }

    @Test
    @SuppressWarnings("try") // closed inside the block on purpose: the reader's loop must end at close()
    void aReaderThatKeepsUpGetsEveryEventAndItsLoopEndsAtClose() throws Exception {
        int datagrams = 200;
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try (Tracer tracer = dropsToTheClosedPort().eventQueue(1024).start()) {
            EventQueue<TraceEvent> queue = tracer.events();
            Future<List<TraceEvent>> read = reader.submit(() -> {
                List<TraceEvent> events = new ArrayList<>();
                for (TraceEvent event = queue.take(); event != null; event = queue.take()) {
                    events.add(event);
                }
                return events;
            });
            Traffic.sendUdpToLoopback(CLOSED_PORT, datagrams);
            Delivered.await(tracer, datagrams);
            assertThat(read).isNotDone();

            tracer.close();

            assertThat(read.get(5, TimeUnit.SECONDS)).hasSize(datagrams)
                    .allSatisfy(event -> assertThat(event.tracepoint()).isEqualTo(Tracepoint.KFREE_SKB));
            assertThat(tracer.stats().queueOverflow()).isZero();
            assertThat(queue.isClosed()).isTrue();
            assertThat(queue.poll(Duration.ofSeconds(5))).as("a closed, empty queue answers at once").isNull();
        } finally {
            reader.shutdownNow();
        }
        assertThat(errors).isEmpty();
    }
}
