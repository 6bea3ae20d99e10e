package dev.vista;

import dev.vista.event.Tracepoint;
import java.util.Map;

/**
 * What a tracer has seen so far.
 *
 * @param delivered     events decoded and handed to the sink
 * @param lost          events the kernel could not write because the ring buffer was full
 * @param perTracepoint delivered events by tracepoint
 */
public record TraceStats(long delivered, long lost, Map<Tracepoint, Long> perTracepoint) {
    public TraceStats {
        perTracepoint = Map.copyOf(perTracepoint);
    }
}
