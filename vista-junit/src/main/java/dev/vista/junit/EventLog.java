package dev.vista.junit;

import dev.vista.event.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Every event of one tracer, in arrival order; readers wait on it for events still to come. */
final class EventLog {
    private final List<TraceEvent> events = new ArrayList<>();

    synchronized void add(TraceEvent event) {
        events.add(event);
        notifyAll();
    }

    synchronized int size() {
        return events.size();
    }

    synchronized List<TraceEvent> from(int index) {
        return List.copyOf(events.subList(index, events.size()));
    }

    /**
     * Applies {@code probe} to the events from {@code index} on, again after each new event, until it gives a
     * result or {@code timeoutNanos} have passed; then returns its last answer.
     */
    synchronized <T> Optional<T> await(int index, Function<List<TraceEvent>, Optional<T>> probe, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        int seen = -1;
        Optional<T> answer = Optional.empty();
        while (true) {
            if (events.size() != seen) {
                seen = events.size();
                answer = probe.apply(List.copyOf(events.subList(index, seen)));
                if (answer.isPresent()) {
                    return answer;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return answer;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return answer;
            }
        }
    }
}
