package dev.vista.internal.consume;

import dev.vista.internal.ringbuf.RingBuffer;
import dev.vista.internal.threads.Uninterruptibly;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that drains the ring buffer. The BPF side wakes it only when much data waits
 * (batched wakeups), so it also polls on a short timer, which bounds the delay of a lone event.
 * It checks the kernel's loss counter once a second and logs any growth: loss is never silent.
 * A platform thread, because poll() blocks in native code.
 */
public final class EventPoller {
    private static final Logger LOG = LoggerFactory.getLogger(EventPoller.class);
    private static final long LOSS_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final RingBuffer ring;
    private final EventDispatcher dispatcher;
    private final LongSupplier lostCounter;
    private final int pollMillis;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private long lastLost;

    public EventPoller(RingBuffer ring, EventDispatcher dispatcher, LongSupplier lostCounter, int pollMillis) {
        this.ring = ring;
        this.dispatcher = dispatcher;
        this.lostCounter = lostCounter;
        this.pollMillis = pollMillis;
        this.thread = Thread.ofPlatform().name("vista-poller").daemon().unstarted(this::run);
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
            ring.drain(dispatcher);
            reportLoss();
        } catch (Throwable t) {
            failure = t;
            LOG.error("the ring-buffer poller stopped", t);
        } finally {
            finished.countDown();
        }
    }

    private void reportLoss() {
        long lost = lostCounter.getAsLong();
        if (lost > lastLost) {
            LOG.warn("{} events lost so far ({} in the last check): the ring buffer was full; enlarge it "
                    + "(ringBufferSize / --ring-size) or narrow the filters", lost, lost - lastLost);
            lastLost = lost;
        }
    }

    /** Waits until the limit is reached or the poller stops; true if it finished in time. */
    public boolean awaitFinished(long timeout, TimeUnit unit) throws InterruptedException {
        return finished.await(timeout, unit);
    }

    /** Stops after one last drain of what the kernel has committed; waits for the thread. */
    public void stop() {
        running = false;
        Uninterruptibly.joinAll(List.of(thread));
    }

    public Throwable failure() {
        return failure;
    }
}
