package dev.vista.micrometer;

import dev.vista.EventCounts;
import dev.vista.event.EventSource;
import dev.vista.event.LossEvent;
import dev.vista.event.TraceEvent;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A tracer's counters as Micrometer meters: give it the tracer's packet events and losses, and bind it to any
 * number of registries, before or after the tracer starts:
 *
 * <pre>{@code
 * TracerMetrics metrics = new TracerMetrics();
 * metrics.bindTo(registry);
 * Tracer tracer = Tracer.builder().traceSkb().onEvent(metrics).onLoss(metrics::lost).start();
 * }</pre>
 *
 * Meters: {@value #EVENTS} (tag {@code source}: skb_tracepoint, skb_function, tc_program, ...), {@value #DROPS}
 * (tag {@code reason}: the kernel's drop reason, e.g. NO_SOCKET) and {@value #LOST} (events the ring buffer could
 * not hold: they add up to {@code TraceStats.lost()}). Counting is vista-core's {@link EventCounts}, a
 * {@code LongAdder} increment on the poller thread; the registries read the sums when they publish.
 */
public final class TracerMetrics implements MeterBinder, Consumer<TraceEvent> {
    public static final String EVENTS = "vista.events";
    public static final String DROPS = "vista.drops";
    public static final String LOST = "vista.events.lost";

    private final EventCounts counts = new EventCounts();

    /** Counts a delivered packet event (give this to {@code onEvent}). */
    @Override
    public void accept(TraceEvent event) {
        counts.accept(event);
    }

    /** Counts the events a loss marker says were lost (give this to {@code onLoss}). */
    public void lost(LossEvent loss) {
        counts.lost(loss);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (EventSource source : EventSource.values()) {
            FunctionCounter.builder(EVENTS, counts, c -> c.events(source))
                    .description("packet events the tracer delivered")
                    .tag("source", source.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        FunctionCounter.builder(LOST, counts, EventCounts::lost)
                .description("events the kernel could not write because the ring buffer was full")
                .register(registry);
        // The reasons seen so far, and each new one when the poller first counts it.
        counts.onDropReason(reason -> FunctionCounter.builder(DROPS, counts, c -> c.drops(reason))
                .description("packets the kernel dropped, by reason").tag("reason", reason).register(registry));
    }
}
