package dev.vista.event;

import java.util.Set;

/**
 * A loss marker: events that the kernel could not write because the ring buffer was full, delivered in
 * the stream where they went missing, before the next event from the same CPU. Their counts add up to
 * {@code TraceStats.lost()}: the losses no event followed come as markers at close.
 *
 * @param timestampNs CLOCK_MONOTONIC nanoseconds of the first of these losses
 * @param cpu         the CPU whose events were lost
 * @param count       how many events were lost on that CPU since its previous marker
 * @param sources     the kinds of event that were lost
 */
public record LossEvent(long timestampNs, int cpu, long count, Set<EventSource> sources) {
    public LossEvent {
        sources = Set.copyOf(sources);
    }
}
