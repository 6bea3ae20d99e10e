package dev.vista.junit;

import dev.vista.event.LossEvent;
import dev.vista.event.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Every event of one tracer, in arrival order, and its loss markers; readers wait, polling, for events still
 * to come.
 */
final class EventLog {
    // How often a waiting reader looks again: often enough not to slow tests down, rarely enough that a busy
    // trace is not re-read on every event.
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final List<TraceEvent> events = new ArrayList<>();
    private final List<LossEvent> losses = new ArrayList<>();

    synchronized void add(TraceEvent event) {
        events.add(event);
    }

    synchronized void addLoss(LossEvent loss) {
        losses.add(loss);
    }

    synchronized List<LossEvent> losses() {
        return List.copyOf(losses);
    }

    synchronized int size() {
        return events.size();
    }

    synchronized List<TraceEvent> from(int index) {
        return List.copyOf(events.subList(index, events.size()));
    }

    /**
     * Applies {@code probe} to the events from {@code index} on, again whenever more have come, until it gives
     * a result or {@code timeoutNanos} have passed; then returns its last answer. The probe runs outside the
     * lock: the tracer's poller thread is never held up by it.
     */
    <T> Optional<T> await(int index, Function<List<TraceEvent>, Optional<T>> probe, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        int seen = -1;
        Optional<T> answer = Optional.empty();
        while (true) {
            List<TraceEvent> fresh = null;
            synchronized (this) {
                if (events.size() != seen) {
                    seen = events.size();
                    fresh = List.copyOf(events.subList(index, seen));
                }
            }
            if (fresh != null) {
                answer = probe.apply(fresh);
                if (answer.isPresent()) {
                    return answer;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return answer;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, POLL_NANOS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return answer;
            }
        }
    }
}
