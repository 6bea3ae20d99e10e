package dev.vista;

import dev.vista.event.EventSource;
import dev.vista.event.LossEvent;
import dev.vista.event.TraceEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;

/**
 * A tracer's counters, for metrics exporters: packet events by source, drops by the kernel's reason, and events the
 * ring buffer lost. Give it the tracer's events ({@code onEvent}) and losses ({@code onLoss}); counting is a
 * {@link LongAdder} increment on the poller thread, without allocation once a drop reason has been seen, and any
 * thread may read the sums.
 */
public final class EventCounts implements Consumer<TraceEvent> {
    private final LongAdder[] bySource = new LongAdder[EventSource.values().length];
    private final Map<String, LongAdder> byReason = new ConcurrentHashMap<>();
    private final LongAdder lost = new LongAdder();
    private final List<Consumer<String>> reasonListeners = new CopyOnWriteArrayList<>();

    public EventCounts() {
        for (int i = 0; i < bySource.length; i++) {
            bySource[i] = new LongAdder();
        }
    }

    /** Counts a delivered packet event by its source, and a drop by its reason. */
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

    /** Counts the events a loss marker says were lost. */
    public void lost(LossEvent loss) {
        lost.add(loss.count());
    }

    /** Packet events of {@code source} counted so far. */
    public long events(EventSource source) {
        return bySource[source.ordinal()].sum();
    }

    /** Drops counted so far with the reason named {@code reason} (0 for one not seen). */
    public long drops(String reason) {
        LongAdder count = byReason.get(reason);
        return count == null ? 0 : count.sum();
    }

    /** Each drop reason seen so far with its count. */
    public void forEachDropReason(ObjLongConsumer<String> action) {
        byReason.forEach((reason, count) -> action.accept(reason, count.sum()));
    }

    /** Events the ring buffer lost, as the loss markers counted so far say. */
    public long lost() {
        return lost.sum();
    }

    /**
     * Calls {@code listener} once with each drop reason seen so far and, from now on, once with each new one, on the
     * thread that counts it: a registry can then register a meter per reason as reasons appear.
     */
    public synchronized void onDropReason(Consumer<String> listener) {
        // Under the lock of newReason: no reason is given twice, or missed, while the listener is added.
        reasonListeners.add(listener);
        byReason.keySet().forEach(listener);
    }

    /** A reason not seen before: its adder, given to every listener. */
    private synchronized LongAdder newReason(String name) {
        LongAdder existing = byReason.get(name);
        if (existing != null) {
            return existing;
        }
        LongAdder count = new LongAdder();
        byReason.put(name, count);
        reasonListeners.forEach(listener -> listener.accept(name));
        return count;
    }
}
