package dev.vista.examples.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.EventSource;
import dev.vista.event.LossEvent;
import dev.vista.event.NetfilterEvent;
import dev.vista.event.SockEvent;
import dev.vista.event.TcpConnectionEvent;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import dev.vista.format.EventFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventPrinterTest {
    private static final Duration NEVER = Duration.ofDays(1);
    private static final EventFormat NAMES = new EventFormat() {
        @Override
        public StringBuilder appendHeader(StringBuilder out) {
            return out.append("HEADER\n");
        }

        @Override
        public StringBuilder append(TraceEvent event, StringBuilder out) {
            return out.append(event.where()).append('\n');
        }

        @Override
        public StringBuilder append(TcpConnectionEvent event, StringBuilder out) {
            return out.append("tcp ").append(event.lastState()).append('\n');
        }

        @Override
        public StringBuilder append(SockEvent event, StringBuilder out) {
            return out.append("sock ").append(event.state()).append('\n');
        }

        @Override
        public StringBuilder append(NetfilterEvent event, StringBuilder out) {
            return out.append("netfilter ").append(event.verdict()).append('\n');
        }

        @Override
        public StringBuilder append(LossEvent loss, StringBuilder out) {
            return out.append("lost ").append(loss.count()).append('\n');
        }
    };

    /** What reached the underlying writer through flush(), apart from what is still buffered. */
    private final StringWriter flushed = new StringWriter();
    private final StringBuilder pending = new StringBuilder();
    private final PrintWriter out = new PrintWriter(new Writer() {
        @Override
        public void write(char[] chars, int offset, int length) {
            pending.append(chars, offset, length);
        }

        @Override
        public synchronized void flush() {
            flushed.append(pending);
            pending.setLength(0);
        }

        @Override
        public void close() {
        }
    });

    private static TraceEvent at(Tracepoint tracepoint) {
        return TraceEvent.builder().comm("").source(EventSource.SKB_TRACEPOINT).skb(1).tracepoint(tracepoint)
                .ifname("").build();
    }

    @Test
    void eventsAreNotFlushedOneByOneButCloseFlushesThem() {
        try (EventPrinter printer = new EventPrinter(NAMES, out, NEVER)) {
            printer.accept(at(Tracepoint.NET_DEV_QUEUE));
            printer.accept(at(Tracepoint.NETIF_RX));
            // The header is flushed at once; the events wait for the timer.
            assertThat(flushed.toString()).isEqualTo("HEADER\n");
        }
        assertThat(flushed.toString()).isEqualTo("HEADER\nnet_dev_queue\nnetif_rx\n");
    }

    @Test
    void eventsReachTheWriterInBatchesAndInOrder() {
        try (EventPrinter printer = new EventPrinter(NAMES, out, NEVER)) {
            printer.printHeader();
            printer.accept(at(Tracepoint.NETIF_RX));
            assertThat(pending).isEmpty(); // one line is no batch yet
            int lines = EventPrinter.BATCH_CHARS / "netif_rx\n".length() + 1;
            for (int i = 1; i < lines; i++) {
                printer.accept(at(Tracepoint.NETIF_RX));
            }
            assertThat(pending.toString()).hasLineCount(lines).isEqualTo("netif_rx\n".repeat(lines));
        }
        assertThat(flushed.toString()).isEqualTo("HEADER\n" + "netif_rx\n".repeat(
                EventPrinter.BATCH_CHARS / "netif_rx\n".length() + 1));
    }

    @Test
    void theTimerFlushesAPendingEventWithoutClose() throws InterruptedException {
        try (EventPrinter printer = new EventPrinter(NAMES, out, EventPrinter.FLUSH_INTERVAL)) {
            printer.printHeader();
            long start = System.nanoTime();
            printer.accept(at(Tracepoint.CONSUME_SKB));
            while (!flushed.toString().endsWith("consume_skb\n")
                    && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5)) {
                Thread.sleep(10);
            }
            assertThat(flushed.toString()).isEqualTo("HEADER\nconsume_skb\n");
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
        }
    }

    @Test
    void notesAreShownAtOnceInOrderWithEvents() {
        try (EventPrinter printer = new EventPrinter(NAMES, out, NEVER)) {
            printer.accept(at(Tracepoint.KFREE_SKB));
            printer.note("### step 2");
            assertThat(flushed.toString()).isEqualTo("HEADER\nkfree_skb\n### step 2\n");
        }
    }
}
