package dev.vista.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.EventSource;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Waiting for events that come later, bounded. */
class EventLogTest {
    private final EventLog log = new EventLog();

    @Test
    void aWaiterSeesAnEventAddedLaterByAnotherThread() {
        Thread.ofVirtual().start(() -> {
            sleep(50);
            log.add(event(Tracepoint.KFREE_SKB));
        });

        Optional<TraceEvent> drop = log.await(0, events -> events.stream()
                .filter(e -> e.tracepoint() == Tracepoint.KFREE_SKB).findFirst(), TimeUnit.SECONDS.toNanos(5));

        assertThat(drop).isPresent();
    }

    @Test
    void aWaiterGivesUpAfterTheTimeoutWithTheProbesLastAnswerAndSeesOnlyEventsFromItsStart() {
        log.add(event(Tracepoint.KFREE_SKB));
        long start = System.nanoTime();

        Optional<List<TraceEvent>> answer = log.await(1, events -> events.isEmpty() ? Optional.empty()
                : Optional.of(events), TimeUnit.MILLISECONDS.toNanos(200));

        assertThat(answer).isEmpty();
        assertThat(System.nanoTime() - start).isBetween(TimeUnit.MILLISECONDS.toNanos(200), TimeUnit.SECONDS.toNanos(2));
        assertThat(log.from(1)).isEmpty();
        assertThat(log.from(0)).hasSize(1);
    }

    private static TraceEvent event(Tracepoint tracepoint) {
        return TraceEvent.builder().timestampNs(1).epochNanos(1).pid(1).comm("test")
                .source(EventSource.SKB_TRACEPOINT).skb(0xffff888100001000L).tracepoint(tracepoint)
                .netns(4026531840L).ifindex(2).ifname("veth0b").len(60).mtu(1500).protocol(0x0800).build();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
