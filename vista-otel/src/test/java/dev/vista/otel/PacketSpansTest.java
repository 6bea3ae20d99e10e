package dev.vista.otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.EventSource;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How packet spans end without the kernel freeing their skb: after the idle time, and not at all for packets beyond
 * the open-span limit. Events are built here, with event times chosen by the test; spans are collected as they end.
 */
class PacketSpansTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long IDLE = TimeUnit.SECONDS.toNanos(5);

    private final Collected collected = new Collected();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(collected)).build();
    private final ExportCount ended = new ExportCount();

    /** The SDK's in-memory exporter is not in the build: a list does the same. */
    private static final class Collected implements SpanExporter {
        final List<SpanData> spans = new CopyOnWriteArrayList<>();

        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAll(batch);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    @AfterEach
    void shutDown() {
        provider.shutdown();
    }

    private PacketSpans spans(int maxOpen) {
        return new PacketSpans(provider.get("test"), IDLE, maxOpen, ended);
    }

    private static TraceEvent hop(long skb, long epochNanos, Tracepoint tracepoint) {
        return TraceEvent.builder().source(EventSource.SKB_TRACEPOINT).tracepoint(tracepoint).skb(skb)
                .epochNanos(epochNanos).build();
    }

    private static String skbOf(SpanData span) {
        return span.getAttributes().get(EventAttributes.SKB);
    }

    @Test
    void aPacketNotSeenForLongerThanTheIdleTimeIsEndedAtItsLastEvent() {
        PacketSpans spans = spans(16);
        spans.add(hop(0x100, T0, Tracepoint.NETIF_RECEIVE_SKB));
        spans.add(hop(0x100, T0 + 1_000, Tracepoint.NET_DEV_QUEUE));
        spans.add(hop(0x200, T0 + IDLE, Tracepoint.NETIF_RECEIVE_SKB)); // idle for IDLE - 1000 ns: still open
        assertThat(collected.spans).isEmpty();

        // 0x100 is now idle for longer, but the last sweep (at 0x200's first event) was under a second ago.
        spans.add(hop(0x200, T0 + IDLE + 2_000, Tracepoint.NET_DEV_QUEUE));
        assertThat(collected.spans).as("swept at most once a second").isEmpty();

        spans.add(hop(0x300, T0 + IDLE + TimeUnit.SECONDS.toNanos(1), Tracepoint.NETIF_RECEIVE_SKB));
        assertThat(collected.spans).hasSize(1);
        SpanData idle = collected.spans.getFirst();
        assertThat(skbOf(idle)).isEqualTo("0x100");
        assertThat(idle.getAttributes().get(PacketSpans.END)).isEqualTo("idle");
        assertThat(idle.getEndEpochNanos()).isEqualTo(T0 + 1_000);
        assertThat(idle.getEvents()).hasSize(2);
        assertThat(ended.emittedCount()).isEqualTo(1);

        spans.endAll();
        assertThat(collected.spans.subList(1, collected.spans.size()))
                .extracting(s -> s.getAttributes().get(PacketSpans.END))
                .containsExactly("trace closed", "trace closed");
    }

    @Test
    void beyondTheOpenSpanLimitAPacketGetsNoSpanAndIsCountedUntilAnOpenOneEnds() {
        PacketSpans spans = spans(2);
        assertThat(spans.add(hop(0x100, T0, Tracepoint.NETIF_RECEIVE_SKB))).isNotNull();
        assertThat(spans.add(hop(0x200, T0 + 1, Tracepoint.NETIF_RECEIVE_SKB))).isNotNull();

        assertThat(spans.add(hop(0x300, T0 + 2, Tracepoint.NETIF_RECEIVE_SKB))).isNull();
        assertThat(spans.add(hop(0x300, T0 + 3, Tracepoint.NET_DEV_QUEUE))).isNull();
        assertThat(spans.notOpened()).as("each event of a packet refused").isEqualTo(2);
        assertThat(spans.add(hop(0x100, T0 + 4, Tracepoint.NET_DEV_QUEUE))).as("open ones go on").isNotNull();
        assertThat(collected.spans).as("the oldest is not ended to make room").isEmpty();

        spans.add(hop(0x100, T0 + 5, Tracepoint.CONSUME_SKB));
        assertThat(collected.spans).extracting(PacketSpansTest::skbOf).containsExactly("0x100");
        assertThat(spans.add(hop(0x300, T0 + 6, Tracepoint.NETIF_RECEIVE_SKB))).as("room again").isNotNull();
        assertThat(spans.notOpened()).isEqualTo(2);

        spans.endAll();
        assertThat(collected.spans).extracting(PacketSpansTest::skbOf).containsExactlyInAnyOrder("0x100", "0x200",
                "0x300");
    }
}
