package dev.vista;

import dev.vista.event.Tracepoint;
import java.util.Map;
import java.util.Optional;

/**
 * What a tracer has seen so far.
 *
 * @param delivered     events decoded and handed to the sink
 * @param lost          events the kernel could not write because the ring buffer was full
 * @param perTracepoint delivered events by tracepoint
 * @param sinkFailures  events a sink threw a RuntimeException on (each skipped; tracing went on)
 * @param pollerFailure what ended the poller thread, if it died: no event after it was delivered
 * @param queueOverflow delivered events the {@link EventQueue} dropped because it was full (0 without one)
 */
public record TraceStats(long delivered, long lost, Map<Tracepoint, Long> perTracepoint, long sinkFailures,
        Optional<Throwable> pollerFailure, long queueOverflow) {
    public TraceStats {
        perTracepoint = Map.copyOf(perTracepoint);
    }

    /** Stats of a trace without failures. */
    public TraceStats(long delivered, long lost, Map<Tracepoint, Long> perTracepoint) {
        this(delivered, lost, perTracepoint, 0, Optional.empty(), 0);
    }
}
