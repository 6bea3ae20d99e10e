package dev.vista.internal.kallsyms;

import dev.vista.VistaException;
import dev.vista.internal.threads.Uninterruptibly;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * {@code /proc/kallsyms} read on a thread of its own, so that start-up parses it while it does other
 * work (BTF, loading programs), and waits for it only where symbols are needed.
 */
public final class BackgroundSymbols {
    private final FutureTask<KernelSymbols> task = new FutureTask<>(KernelSymbols::load);

    private BackgroundSymbols() {
    }

    /** Starts reading the running kernel's symbols. */
    public static BackgroundSymbols start() {
        BackgroundSymbols symbols = new BackgroundSymbols();
        Thread.ofPlatform().name("vista-kallsyms").daemon().start(symbols.task);
        return symbols;
    }

    /** The symbols, once read; what failed reading them is thrown here, as {@link KernelSymbols#load()} throws it. */
    public KernelSymbols join() {
        try {
            return Uninterruptibly.get(task);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new VistaException("reading kernel symbols failed: " + e.getCause(), e.getCause());
        }
    }
}
