package dev.vista.examples.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.TraceStats;
import dev.vista.event.Tracepoint;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceSummaryTest {
    @Test
    void listsTracepointsInKernelOrderAndDropsMostFrequentFirst() {
        TraceStats stats = new TraceStats(9, 0, Map.of(Tracepoint.KFREE_SKB, 3L, Tracepoint.NETIF_RX, 6L));
        TraceSummary summary = new TraceSummary(stats, Map.of("NETFILTER_DROP", 1L, "NO_SOCKET", 2L));
        assertThat(summary).hasToString("""
                summary: 9 events, 0 lost
                  events per tracepoint:
                    net:netif_rx                        6
                    skb:kfree_skb                       3
                  drops per reason:
                    NO_SOCKET                           2
                    NETFILTER_DROP                      1
                """);
    }

    @Test
    void saysWhenNothingWasDroppedAndWhatToDoAboutLoss() {
        TraceSummary summary = new TraceSummary(new TraceStats(0, 5, Map.of()), Map.of());
        assertThat(summary.toString()).startsWith("summary: 0 events, 5 lost (ring buffer full: enlarge it with "
                + "--ring-size or filter more)\n").endsWith("  drops per reason: none\n");
    }
}
