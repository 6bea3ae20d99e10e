package dev.vista.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.EventSource;
import dev.vista.event.LossEvent;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A loss that falls within a packet's lifetime shows as a gap line in its path, in place; others do not. */
class PathTextTest {
    private static final long SKB = 0xffff888100001000L;

    private static TraceEvent at(long timestampNs, Tracepoint tracepoint) {
        return TraceEvent.builder().timestampNs(timestampNs).epochNanos(timestampNs).pid(1).comm("test")
                .source(EventSource.SKB_TRACEPOINT).skb(SKB).tracepoint(tracepoint).netns(4026531840L).ifindex(2)
                .ifname("veth0b").len(60).mtu(1500).protocol(0x0800).build();
    }

    private static LossEvent loss(long timestampNs, long count) {
        return new LossEvent(timestampNs, 1, count, Set.of(EventSource.SKB_TRACEPOINT));
    }

    @Test
    void aLossWithinThePacketsLifetimeIsAGapLineBetweenTheEventsAroundIt() {
        List<TracedPacket> packets = TracedPacket.split(List.of(at(1_000, Tracepoint.NET_DEV_QUEUE),
                at(2_000, Tracepoint.NETIF_RX), at(3_000, Tracepoint.NETIF_RECEIVE_SKB)));

        String text = new PathText().packets(packets, List.of(loss(500, 7), loss(2_500, 1234), loss(9_000, 3)));

        List<String> lines = text.lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(2)).contains("netif_rx");
        assertThat(lines.get(3)).isEqualTo("    --- 1234 events lost on CPU 1: this path may miss events here ---");
        assertThat(lines.get(4)).contains("netif_receive_skb");
        assertThat(text).doesNotContain("7 events", "3 events");
    }
}
