package dev.vista;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Collects a tracer's events (of any kind) and waits, bounded, for one that matches. */
final class EventRecorder<T> implements Consumer<T> {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final List<T> events = new ArrayList<>();

    @Override
    public synchronized void accept(T event) {
        events.add(event);
        notifyAll();
    }

    synchronized List<T> events() {
        return List.copyOf(events);
    }

    /** Waits for an event matching {@code what}; fails naming {@code description} and showing what did arrive. */
    synchronized T await(String description, Predicate<? super T> what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            for (T e : events) {
                if (what.test(e)) {
                    return e;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no event " + description + " within " + TIMEOUT + "; got " + events.size()
                        + " events:\n" + String.join("\n", events.stream().map(Object::toString).toList()));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
