package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.DropReason;
import dev.vista.event.EventSource;
import dev.vista.event.LossEvent;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventCountsTest {
    private static TraceEvent event(EventSource source, Tracepoint tracepoint, String reason) {
        return TraceEvent.builder().source(source).tracepoint(tracepoint)
                .dropReason(reason == null ? null : new DropReason(2, reason)).build();
    }

    @Test
    void eventsAreCountedBySourceAndDropsByReason() {
        EventCounts counts = new EventCounts();
        counts.accept(event(EventSource.SKB_TRACEPOINT, Tracepoint.NETIF_RECEIVE_SKB, null));
        counts.accept(event(EventSource.SKB_TRACEPOINT, Tracepoint.KFREE_SKB, DropReason.NO_SOCKET));
        counts.accept(event(EventSource.SKB_TRACEPOINT, Tracepoint.KFREE_SKB, DropReason.NO_SOCKET));
        counts.accept(event(EventSource.SKB_TRACEPOINT, Tracepoint.KFREE_SKB, DropReason.NETFILTER_DROP));
        counts.accept(event(EventSource.TC_PROGRAM, null, null));

        assertThat(counts.events(EventSource.SKB_TRACEPOINT)).isEqualTo(4);
        assertThat(counts.events(EventSource.TC_PROGRAM)).isEqualTo(1);
        assertThat(counts.events(EventSource.SKB_FUNCTION)).isZero();
        assertThat(counts.drops(DropReason.NO_SOCKET)).isEqualTo(2);
        assertThat(counts.drops(DropReason.NETFILTER_DROP)).isEqualTo(1);
        assertThat(counts.drops(DropReason.NOT_SPECIFIED)).isZero();
        Map<String, Long> reasons = new LinkedHashMap<>();
        counts.forEachDropReason(reasons::put);
        assertThat(reasons).containsOnly(Map.entry(DropReason.NO_SOCKET, 2L), Map.entry(DropReason.NETFILTER_DROP, 1L));
    }

    @Test
    void aReasonIsCountedOnlyAtKfreeSkb() {
        EventCounts counts = new EventCounts();
        counts.accept(event(EventSource.SKB_TRACEPOINT, Tracepoint.CONSUME_SKB, DropReason.NO_SOCKET));
        counts.accept(event(EventSource.SKB_TRACEPOINT, Tracepoint.KFREE_SKB, null));

        assertThat(counts.drops(DropReason.NO_SOCKET)).isZero();
        counts.forEachDropReason((reason, count) -> {
            throw new AssertionError("no reason was counted, yet " + reason);
        });
    }

    @Test
    void lossMarkersAddUp() {
        EventCounts counts = new EventCounts();
        counts.lost(new LossEvent(1, 0, 3, Set.of(EventSource.SKB_TRACEPOINT)));
        counts.lost(new LossEvent(2, 1, 4, Set.of(EventSource.SKB_TRACEPOINT)));

        assertThat(counts.lost()).isEqualTo(7);
    }

    @Test
    void aListenerHearsEachReasonOnceWhetherSeenBeforeOrAfterIt() {
        EventCounts counts = new EventCounts();
        counts.accept(event(EventSource.SKB_TRACEPOINT, Tracepoint.KFREE_SKB, DropReason.NO_SOCKET));
        List<String> heard = new ArrayList<>();
        counts.onDropReason(heard::add);
        counts.accept(event(EventSource.SKB_TRACEPOINT, Tracepoint.KFREE_SKB, DropReason.NO_SOCKET));
        counts.accept(event(EventSource.SKB_TRACEPOINT, Tracepoint.KFREE_SKB, DropReason.NETFILTER_DROP));
        counts.accept(event(EventSource.SKB_TRACEPOINT, Tracepoint.KFREE_SKB, DropReason.NETFILTER_DROP));

        assertThat(heard).containsExactly(DropReason.NO_SOCKET, DropReason.NETFILTER_DROP);
    }
}
