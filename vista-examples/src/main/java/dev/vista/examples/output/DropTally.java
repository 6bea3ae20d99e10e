package dev.vista.examples.output;

import dev.vista.event.TraceEvent;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/** Counts dropped packets (kfree_skb events) by the kernel's drop reason. */
public final class DropTally implements Consumer<TraceEvent> {
    private final Map<String, LongAdder> byReason = new ConcurrentHashMap<>();

    @Override
    public void accept(TraceEvent event) {
        if (event.dropReason() != null) {
            byReason.computeIfAbsent(event.dropReason().name(), reason -> new LongAdder()).increment();
        }
    }

    /** Drops so far by reason name ({@code NO_SOCKET}), sorted by name. */
    public Map<String, Long> byReason() {
        Map<String, Long> counts = new TreeMap<>();
        byReason.forEach((reason, count) -> counts.put(reason, count.sum()));
        return counts;
    }
}
