package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import dev.vista.event.Tuple;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * TracerBuilder.warmUp: made-up events reach the builder's own sinks through the ring-buffer reader and the decoder,
 * with no kernel (these tests need no privilege), exactly as many as asked for.
 */
class WarmUpTest {
    @Test
    void deliversAsManyDecodedEventsAsAskedForAcrossReadingsOfTheRing() {
        List<TraceEvent> events = new ArrayList<>();
        AtomicLong views = new AtomicLong();
        TracerBuilder builder = Tracer.builder().traceSkb().onEvent(events::add)
                .onEventView(view -> views.incrementAndGet());

        builder.warmUp(10_000); // more than one reading of the 4,096 records

        assertThat(events).hasSize(10_000);
        assertThat(views).hasValue(10_000);
        assertThat(events).extracting(TraceEvent::tracepoint)
                .contains(Tracepoint.NETIF_RECEIVE_SKB, Tracepoint.NET_DEV_XMIT, Tracepoint.KFREE_SKB);
        assertThat(events).extracting(TraceEvent::tuple).extracting(tuple -> tuple == null ? 0 : tuple.protocol())
                .contains(Tuple.IPPROTO_TCP, Tuple.IPPROTO_UDP, Tuple.IPPROTO_ICMP, Tuple.IPPROTO_ICMPV6);
        assertThat(events).filteredOn(TraceEvent::isDrop).isNotEmpty()
                .allSatisfy(drop -> assertThat(drop.dropReason()).isNotNull())
                .allSatisfy(drop -> assertThat(drop.location()).startsWith("warm_up_function_")) // named, as a trace's
                .allSatisfy(drop -> assertThat(drop.stack()).isEmpty());
    }

    @Test
    void dropsCarryAStackWhenThePlanAsksForOne() {
        List<TraceEvent> drops = new ArrayList<>();
        Tracer.builder().traceSkb().filterSkbDropStack(true).onEvent(event -> {
            if (event.isDrop()) {
                drops.add(event);
            }
        }).warmUp(2_000);

        assertThat(drops).isNotEmpty().allSatisfy(drop -> assertThat(drop.stack()).hasSize(12)
                .allSatisfy(frame -> assertThat(frame.toString()).contains("warm_up_function_")));
    }

    @Test
    void aQueueIsWarmedUpApartAndNeverOverflows() {
        List<TracerFailureException> failures = new ArrayList<>();
        TracerBuilder builder = Tracer.builder().traceSkb().eventQueue(1).onError(failures::add);

        builder.warmUp(9_000);

        assertThat(failures).isEmpty();
    }

    @Test
    void aSinkThatThrowsIsReportedAfterTheLastEvent() {
        AtomicLong seen = new AtomicLong();
        TracerBuilder builder = Tracer.builder().traceSkb().onEvent(event -> {
            if (seen.incrementAndGet() % 1_000 == 0) {
                throw new IllegalStateException("sink bug");
            }
        });

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8)); // where slf4j-simple logs
        try {
            assertThatThrownBy(() -> builder.warmUp(5_000))
                    .isInstanceOf(VistaException.class)
                    .hasMessage("a sink threw on a warm-up event (5 of 5000 events); it would throw on traced ones too")
                    .hasRootCauseMessage("sink bug");
        } finally {
            System.setErr(stderr);
        }
        assertThat(seen).hasValue(5_000);
        assertThat(log.toString(StandardCharsets.UTF_8)).as("the log: a trace's \"tracing goes on\" would be untrue")
                .doesNotContain("sink");
    }

    @Test
    void badCountsAndMissingSinksAreRefused() {
        assertThatThrownBy(() -> Tracer.builder().onEvent(event -> { }).warmUp(0))
                .isInstanceOf(InvalidPlanException.class)
                .hasMessage("warm-up of 0 events is not valid: give 1 or more (tens of thousands get the event path "
                        + "compiled)");
        assertThatThrownBy(() -> Tracer.builder().traceSkb().warmUp(10))
                .isInstanceOf(InvalidPlanException.class)
                .hasMessage("no event sink to warm up: call onEvent(...), onEventView(...) or eventQueue(capacity) "
                        + "before warmUp(...)");
    }
}
