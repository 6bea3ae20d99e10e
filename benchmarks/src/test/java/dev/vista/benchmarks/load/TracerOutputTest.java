package dev.vista.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class TracerOutputTest {
    private static TracerOutput.Scan scan(String text, String prefix) throws IOException {
        return TracerOutput.scan(new BufferedReader(new StringReader(text)), prefix);
    }

    @Test
    void bpftraceEventLinesAreCountedAndItsLossMessagesSummed() throws IOException {
        String output = """
                Attaching 11 probes...
                0xffff88811f005400 0 [ping(28081)] tracepoint:net:net_dev_queue netns=4026531833 len=98
                Lost 120 events
                0xffff88811f005400 0 [ping(28081)] tracepoint:net:netif_receive_skb netns=4026531833 len=84
                Lost 3 events
                0x0 1 [socat(7)] tracepoint:udp:udp_fail_queue_rcv_skb rc=-12 :9000->:40000(17)
                """;
        assertThat(scan(output, "0x")).isEqualTo(new TracerOutput.Scan(3, 123));
    }

    @Test
    void vistaLinesAreEveryLineButTheHeader() throws IOException {
        String output = """
                               SKB    CPU          PROCESS                     FUNC
                0xffff8881032a4e00      1    [socat(4321)]                kfree_skb netns=1
                               0x1      0       [curl(77)]            net_dev_queue netns=1
                """;
        assertThat(scan(output, "")).isEqualTo(new TracerOutput.Scan(2, 0));
        assertThat(scan(output + "--- 1234 events lost on CPU 1 ---\n--- 1 event lost on CPU 0 ---\n", ""))
                .isEqualTo(new TracerOutput.Scan(2, 1235));
        assertThat(scan("header only\n", "")).isEqualTo(new TracerOutput.Scan(0, 0));
    }

    @Test
    void lossMessagesAreFoundAnywhereInText() {
        assertThat(TracerOutput.bpftraceLost("ERROR: x\nLost 5 events\nsomething Lost 7 events\n")).isEqualTo(12);
        assertThat(TracerOutput.bpftraceLost("no loss here")).isZero();
    }

    @Test
    void vistaSummaryGivesDeliveredAndLost() {
        String stderr = """
                [main] INFO dev.vista.Tracer - tracer closed: 2185149 events delivered, 7 lost
                summary: 2185149 events, 7 lost (ring buffer full: enlarge it with --ring-size or filter more)
                  events per tracepoint:
                """;
        assertThat(TracerOutput.vistaSummary(stderr)).isEqualTo(new TracerOutput.Counts(2185149, 7));
    }

    @Test
    void aMissingVistaSummaryIsAnErrorShowingWhatWasPrinted() {
        assertThatThrownBy(() -> TracerOutput.vistaSummary("vista: cannot write --output-file /x: permission denied"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no summary")
                .hasMessageContaining("permission denied");
    }
}
