package dev.vista.junit;

import dev.vista.event.LossEvent;
import dev.vista.event.NetfilterEvent;
import dev.vista.event.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Every event of one tracer, in arrival order, its netfilter verdicts and its loss markers; readers wait, polling, for events still
 * to come.
 */
final class EventLog {
    // How often a waiting reader looks again: often enough not to slow tests down, rarely enough that a busy
    // trace is not re-read on every event.
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final List<TraceEvent> events = new ArrayList<>();
    private final List<LossEvent> losses = new ArrayList<>();
    private final List<NetfilterEvent> verdicts = new ArrayList<>();

    synchronized void add(TraceEvent event) {
        events.add(event);
    }

    synchronized void addVerdict(NetfilterEvent verdict) {
        verdicts.add(verdict);
    }

    synchronized int verdictCount() {
        return verdicts.size();
    }

    synchronized List<NetfilterEvent> verdictsFrom(int index) {
        return List.copyOf(verdicts.subList(index, verdicts.size()));
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
        return await(events, index, probe, timeoutNanos);
    }

    /** {@link #await} on the netfilter verdicts. */
    <T> Optional<T> awaitVerdicts(int index, Function<List<NetfilterEvent>, Optional<T>> probe, long timeoutNanos) {
        return await(verdicts, index, probe, timeoutNanos);
    }

    private <E, T> Optional<T> await(List<E> list, int index, Function<List<E>, Optional<T>> probe,
            long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        int seen = -1;
        Optional<T> answer = Optional.empty();
        while (true) {
            List<E> fresh = null;
            synchronized (this) {
                if (list.size() != seen) {
                    seen = list.size();
                    fresh = List.copyOf(list.subList(index, seen));
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
