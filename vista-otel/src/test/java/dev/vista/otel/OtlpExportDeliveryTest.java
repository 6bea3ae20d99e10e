package dev.vista.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.InvalidPlanException;
import dev.vista.event.DropReason;
import dev.vista.event.EventSource;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * What the export could not deliver is counted, never silent: an endpoint that refuses connections, and batch queues
 * too small for what arrives. Events are built here (what an exporter does with them does not depend on the kernel).
 */
class OtlpExportDeliveryTest {
    private static final int EVENTS = 100;

    /** A drop at kfree_skb of its own skb: one log record and one ended span each. */
    private static TraceEvent drop(int i) {
        return TraceEvent.builder().source(EventSource.SKB_TRACEPOINT).tracepoint(Tracepoint.KFREE_SKB)
                .skb(0xffff888000000000L + i * 256L).dropReason(new DropReason(2, DropReason.NO_SOCKET))
                .epochNanos(System.currentTimeMillis() * 1_000_000L + i).comm("test").build();
    }

    @Test
    void anEndpointThatRefusesConnectionsLeavesEveryRecordAndSpanCountedAsNotDelivered() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        OtlpExport export = OtlpExport.builder().endpoint("http://127.0.0.1:" + closedPort)
                .property("otel.java.exporter.otlp.retry.disabled", "true").build();
        for (int i = 0; i < EVENTS; i++) {
            export.accept(drop(i));
        }
        export.close();

        ExportStats stats = export.stats();
        assertThat(stats.logsEmitted()).isEqualTo(EVENTS);
        assertThat(stats.spansEmitted()).isEqualTo(EVENTS);
        assertThat(stats.logsExported()).isZero();
        assertThat(stats.spansExported()).isZero();
        assertThat(stats.logsFailed() + stats.logsDropped()).isEqualTo(EVENTS);
        assertThat(stats.logsFailed()).as("records in failed exports").isPositive();
        assertThat(stats.notDelivered()).isEqualTo(2L * EVENTS);
    }

    @Test
    void fullBatchQueuesDropWhatTheyCannotHoldAndTheCountsAddUp() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            // Queues of 16, exported when full or at close: 100 at once cannot all wait in them.
            OtlpExport export = OtlpExport.builder().endpoint(receiver.endpoint())
                    .property("otel.blrp.max.queue.size", "16").property("otel.blrp.schedule.delay", "60000")
                    .property("otel.bsp.max.queue.size", "16").property("otel.bsp.schedule.delay", "60000").build();
            for (int i = 0; i < EVENTS; i++) {
                export.accept(drop(i));
            }
            export.close();

            ExportStats stats = export.stats();
            long received = receiver.logs.stream().flatMap(r -> r.getResourceLogsList().stream())
                    .flatMap(r -> r.getScopeLogsList().stream()).mapToLong(s -> s.getLogRecordsCount()).sum();
            long spans = receiver.traces.stream().flatMap(r -> r.getResourceSpansList().stream())
                    .flatMap(r -> r.getScopeSpansList().stream()).mapToLong(s -> s.getSpansCount()).sum();
            assertThat(stats.logsExported()).isEqualTo(received).isPositive();
            assertThat(stats.logsDropped()).isEqualTo(EVENTS - received).isPositive();
            assertThat(stats.spansExported()).isEqualTo(spans).isPositive();
            assertThat(stats.spansDropped()).isEqualTo(EVENTS - spans).isPositive();
            assertThat(stats.logsFailed() + stats.spansFailed()).isZero();
            assertThat(stats.notDelivered()).isEqualTo(2L * EVENTS - received - spans);
        }
    }

    @Test
    void badSettingsAreRefusedNamingWhatToGive() {
        assertThatThrownBy(() -> OtlpExport.builder().endpoint("collector:4318"))
                .isInstanceOf(InvalidPlanException.class).hasMessageContaining("http://");
        assertThatThrownBy(() -> OtlpExport.builder().protocol("http/json"))
                .isInstanceOf(InvalidPlanException.class).hasMessageContaining("grpc or http/protobuf");
    }
}
