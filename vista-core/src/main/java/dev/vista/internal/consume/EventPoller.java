package dev.vista.internal.consume;

import dev.vista.TracerFailureException.Kind;
import dev.vista.internal.ringbuf.RingBuffer;
import dev.vista.internal.threads.Uninterruptibly;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that drains the ring buffer. The BPF side wakes it only when much data waits
 * (batched wakeups), so it also polls on a short timer, which bounds the delay of a lone event.
 * It checks the kernel's loss counters once a second and logs any growth: loss is never silent.
 * After its last drain it delivers, as loss markers, the losses no marker in the ring reported.
 * A platform thread, because poll() blocks in native code; a daemon, so a callback that never
 * returns cannot keep the JVM alive. At Java's highest priority, which a JVM maps to the OS's only where it
 * may ({@code -XX:ThreadPriorityPolicy=1} as root, as {@code ./vista} runs: nice -5): a flood's sender and
 * receiver then take the CPU from it less (no event lost in 30 of 30 floods against 28 of 30, BENCHMARKS.md).
 *
 * <p>The ring's memory must stay mapped while this thread may read it, so the {@code release}
 * action (unmapping it) runs once both the thread has ended and {@link #stop} was called, on
 * whichever of the two comes last: stop() from inside a callback, or after its wait ran out,
 * leaves the release to the thread.
 */
public final class EventPoller {
    private static final Logger LOG = LoggerFactory.getLogger(EventPoller.class);
    private static final long LOSS_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final RingBuffer ring;
    private final EventDispatcher dispatcher;
    private final LossCounters lossCounters;
    private final int pollMillis;
    private final FailureReports failures;
    private final Runnable release;
    /** The thread and the stopper: the last of the two to let go runs {@code release}. */
    private final AtomicInteger holders = new AtomicInteger(2);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private long lastLost;

    public EventPoller(RingBuffer ring, EventDispatcher dispatcher, LossCounters lossCounters, int pollMillis,
            FailureReports failures, Runnable release) {
        this.ring = ring;
        this.dispatcher = dispatcher;
        this.lossCounters = lossCounters;
        this.pollMillis = pollMillis;
        this.failures = failures;
        this.release = release;
        this.thread = Thread.ofPlatform().name("vista-poller").daemon().priority(Thread.MAX_PRIORITY)
                .unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        long nextLossCheck = System.nanoTime() + LOSS_CHECK_NANOS;
        try {
            while (running && !dispatcher.limitReached()) {
                if (ring.drain(dispatcher) == 0) {
                    ring.await(pollMillis);
                }
                if (System.nanoTime() - nextLossCheck >= 0) {
                    reportLoss();
                    nextLossCheck = System.nanoTime() + LOSS_CHECK_NANOS;
                }
            }
            if (!dispatcher.halted()) {
                ring.drain(dispatcher);
                lossCounters.unreportedLosses().forEach(dispatcher::deliver);
                reportLoss();
            }
        } catch (Throwable t) {
            failure = t;
            failures.report(Kind.POLLER_DIED, "the ring-buffer poller stopped: no further event is delivered", t);
        } finally {
            finished.countDown();
            letGo();
        }
    }

    private void reportLoss() {
        long lost = lossCounters.lostEvents();
        if (lost > lastLost) {
            LOG.warn("{} events lost so far ({} in the last check): the ring buffer was full; enlarge it "
                    + "(TracerBuilder.ringBufferSize) or narrow the filters", lost, lost - lastLost);
            lastLost = lost;
        }
    }

    private void letGo() {
        if (holders.decrementAndGet() == 0) {
            release.run();
        }
    }

    /** Waits until the limit is reached or the poller stops; true if it finished in time. */
    public boolean awaitFinished(long timeout, TimeUnit unit) throws InterruptedException {
        return finished.await(timeout, unit);
    }

    /** True on the poller thread: inside a callback. */
    public boolean isPollerThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Stops after one last drain of what the kernel has committed, waiting at most {@code timeout} for
     * a callback that is running; returns true if the thread ended in time. From inside a callback it
     * returns at once: nothing more is delivered, and the thread releases the ring when the callback
     * returns. Call once.
     */
    public boolean stop(Duration timeout) {
        running = false;
        boolean ended;
        if (isPollerThread()) {
            dispatcher.halt();
            ended = false;
        } else {
            ended = Uninterruptibly.join(thread, timeout);
        }
        letGo();
        return ended;
    }

    /** What ended the poller thread, or null. */
    public Throwable failure() {
        return failure;
    }
}
