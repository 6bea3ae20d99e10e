package dev.vista.internal.kallsyms;

import dev.vista.VistaException;
import dev.vista.internal.threads.Uninterruptibly;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /proc/kallsyms} read on a thread of its own, begun when the caller says (so that the reading overlaps
 * other work) or else by the first {@link #join()}.
 */
public final class BackgroundSymbols {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundSymbols.class);
    private final FutureTask<KernelSymbols> task = new FutureTask<>(KernelSymbols::load);
    private final AtomicBoolean begun = new AtomicBoolean();

    private BackgroundSymbols() {
    }

    /** The running kernel's symbols, not read yet. */
    public static BackgroundSymbols notBegun() {
        return new BackgroundSymbols();
    }

    /** Begins reading the symbols, unless begun already. */
    public void begin() {
        if (begun.compareAndSet(false, true)) {
            // The lowest priority: a trace just begun has its first events to take (the JVM maps it to a nice
            // value where it may, e.g. -XX:ThreadPriorityPolicy=1 as root, as the CLI runs).
            Thread.ofPlatform().name("vista-kallsyms").priority(Thread.MIN_PRIORITY).daemon().start(task);
        }
    }

    /** The symbols, once read; what failed reading them is thrown here, as {@link KernelSymbols#load()} throws it. */
    public KernelSymbols join() {
        begin();
        try {
            boolean waits = !task.isDone();
            long started = System.nanoTime();
            KernelSymbols symbols = Uninterruptibly.get(task);
            if (waits) {
                LOG.debug("{} waited {} ms for the kernel's symbols", Thread.currentThread().getName(),
                        (System.nanoTime() - started) / 1_000_000);
            }
            return symbols;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new VistaException("reading kernel symbols failed: " + e.getCause(), e.getCause());
        }
    }
}
