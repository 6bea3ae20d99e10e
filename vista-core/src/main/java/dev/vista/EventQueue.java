package dev.vista;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pull side of a tracer ({@link TracerBuilder#eventQueue(int)}): events wait here, at most
 * {@code capacity} of them, for any thread to take them. When it is full the poller drops the new event
 * and counts it ({@link #overflow()}, {@link TraceStats#queueOverflow()}) and the first overflow reaches
 * {@code onError} (kind {@link TracerFailureException.Kind#QUEUE_OVERFLOW}): tracing never blocks on a
 * slow reader, and memory stays bounded. Once the tracer is closed and the queue is empty, {@link #take()}
 * and {@link #poll(Duration)} return null, so a reader loop ends.
 *
 * @param <E> the kind of event
 */
public final class EventQueue<E> {
    private final int capacity;
    private final ArrayDeque<E> events;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private boolean closed;
    /** Written by the poller only; read from any thread. */
    private volatile long overflow;

    EventQueue(int capacity) {
        this.capacity = capacity;
        // Sized once: the deque never grows, as it never holds more than capacity.
        this.events = new ArrayDeque<>(capacity);
    }

    /** From the poller: queues {@code event}, or counts it and returns false when the queue is full. */
    boolean offer(E event) {
        lock.lock();
        try {
            if (events.size() < capacity) {
                events.addLast(event);
                notEmpty.signal();
                return true;
            }
        } finally {
            lock.unlock();
        }
        overflow++; // single writer: the poller thread
        return false;
    }

    /** No event comes any more: readers waiting for one get null. */
    void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The next event, waiting for one; null once the tracer is closed and the queue is empty. */
    public E take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (events.isEmpty() && !closed) {
                notEmpty.await();
            }
            return events.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** The next event, waiting at most {@code timeout}; null if none came in time or the tracer is closed and the queue empty. */
    public E poll(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            while (events.isEmpty() && !closed && nanos > 0) {
                nanos = notEmpty.awaitNanos(nanos);
            }
            return events.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** The next event if one is waiting, else null at once. */
    public E poll() {
        lock.lock();
        try {
            return events.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Moves every waiting event to {@code target}, oldest first, without waiting; returns how many. */
    public int drainTo(Collection<? super E> target) {
        return drainTo(target, Integer.MAX_VALUE);
    }

    /** Moves at most {@code max} waiting events to {@code target}, oldest first, without waiting; returns how many. */
    public int drainTo(Collection<? super E> target, int max) {
        lock.lock();
        try {
            int moved = 0;
            while (moved < max && !events.isEmpty()) {
                target.add(events.pollFirst());
                moved++;
            }
            return moved;
        } finally {
            lock.unlock();
        }
    }

    /** Events waiting now. */
    public int size() {
        lock.lock();
        try {
            return events.size();
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return capacity;
    }

    /** Events dropped because the queue was full. */
    public long overflow() {
        return overflow;
    }

    /** True once the tracer is closed: nothing more is queued. */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }
}
