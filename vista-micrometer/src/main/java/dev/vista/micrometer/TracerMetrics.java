package dev.vista.micrometer;

import dev.vista.event.EventSource;
import dev.vista.event.LossEvent;
import dev.vista.event.TraceEvent;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
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
 * not hold: they add up to {@code TraceStats.lost()}). Counting is a {@link LongAdder} increment on the poller
 * thread; the registries read the adders when they publish.
 */
public final class TracerMetrics implements MeterBinder, Consumer<TraceEvent> {
    public static final String EVENTS = "vista.events";
    public static final String DROPS = "vista.drops";
    public static final String LOST = "vista.events.lost";

    private final LongAdder[] bySource = new LongAdder[EventSource.values().length];
    private final Map<String, LongAdder> byReason = new ConcurrentHashMap<>();
    private final LongAdder lost = new LongAdder();
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

    public TracerMetrics() {
        for (int i = 0; i < bySource.length; i++) {
            bySource[i] = new LongAdder();
        }
    }

    /** Counts a delivered packet event (give this to {@code onEvent}). */
    @Override
    public void accept(TraceEvent event) {
        bySource[event.source().ordinal()].increment();
        if (event.isDrop() && event.dropReason() != null) {
            LongAdder reason = byReason.get(event.dropReason().name());
            if (reason == null) {
                reason = newReason(event.dropReason().name());
            }
            reason.increment();
        }
    }

    /** Counts the events a loss marker says were lost (give this to {@code onLoss}). */
    public void lost(LossEvent loss) {
        lost.add(loss.count());
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        for (EventSource source : EventSource.values()) {
            FunctionCounter.builder(EVENTS, bySource[source.ordinal()], LongAdder::sum)
                    .description("packet events the tracer delivered")
                    .tag("source", source.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        FunctionCounter.builder(LOST, lost, LongAdder::sum)
                .description("events the kernel could not write because the ring buffer was full")
                .register(registry);
        // Reasons first seen from now on are registered by newReason (both hold this lock); those seen so far, here.
        registries.add(registry);
        byReason.forEach((name, count) -> registerReason(registry, name, count));
    }

    /** A reason not seen before: its adder, registered with every registry bound so far. */
    private synchronized LongAdder newReason(String name) {
        LongAdder existing = byReason.get(name);
        if (existing != null) {
            return existing;
        }
        LongAdder count = new LongAdder();
        byReason.put(name, count);
        registries.forEach(registry -> registerReason(registry, name, count));
        return count;
    }

    private static void registerReason(MeterRegistry registry, String name, LongAdder count) {
        FunctionCounter.builder(DROPS, count, LongAdder::sum).description("packets the kernel dropped, by reason")
                .tag("reason", name).register(registry);
    }
}
