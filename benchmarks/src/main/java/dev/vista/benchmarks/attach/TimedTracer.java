package dev.vista.benchmarks.attach;

import dev.vista.Backend;
import dev.vista.Tracer;
import dev.vista.internal.btf.Btf;
import dev.vista.internal.functions.FunctionCatalog;
import dev.vista.internal.functions.FunctionSelection;
import dev.vista.internal.functions.TracedFunction;
import dev.vista.internal.kallsyms.BackgroundSymbols;
import dev.vista.internal.kernel.BackendProbe;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * One backend's start() and close() of a tracer of kernel functions, timed on a worker thread within the
 * backend's time limit; a call still running when the time is up is interrupted, and noted as abandoned if
 * it does not unwind.
 */
final class TimedTracer {
    private TimedTracer() {
    }

    static Measurement measure(Backend backend, String regex, int limit, AttachOptions options, String label)
            throws InterruptedException {
        Measurement m = new Measurement(backend, limit);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.timeoutSeconds);
        ExecutorService worker = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("harness-" + label).daemon().factory());
        try {
            Future<Tracer> starting = worker.submit(() -> {
                // What start() does before loading anything, timed on its own just before it.
                long resolving = System.nanoTime();
                BackgroundSymbols symbols = BackgroundSymbols.notBegun(); // read once, if at all, as start() does
                FunctionSelection selection = FunctionCatalog.load(Btf.vmlinux(), symbols::join, Set.of(), false)
                        .select(SkbFunctions.STRUCT, Pattern.compile(regex));
                TracedFunction first = selection.functions().getFirst();
                String whyNot = new BackendProbe(first.name(), symbols::join).probe(backend);
                m.resolveNanos = System.nanoTime() - resolving;
                if (whyNot != null) {
                    throw new IllegalStateException(backend.shortName() + " does not work here: " + whyNot);
                }
                var builder = Tracer.builder().traceSkbFunctions(regex).backend(backend)
                        .kprobeBatch(options.kprobeBatch)
                        .onAttachProgress(p -> m.progress(p, label))
                        .onEventView(view -> { });
                synchronized (m) {
                    m.startCalled = System.nanoTime();
                }
                Tracer tracer = builder.start();
                synchronized (m) {
                    m.startReturned = System.nanoTime();
                    m.functionCount = tracer.functionCount();
                }
                return tracer;
            });
            Tracer tracer = await(starting, deadline, m, "start()");
            if (tracer == null) {
                return m;
            }
            var stats = tracer.stats();
            m.events = stats.delivered();
            m.lost = stats.lost();
            Future<?> closing = worker.submit(() -> {
                synchronized (m) {
                    m.closeCalled = System.nanoTime();
                }
                tracer.close();
                synchronized (m) {
                    m.closeReturned = System.nanoTime();
                }
                return null;
            });
            await(closing, deadline, m, "close()");
            return m;
        } finally {
            worker.shutdownNow();
        }
    }

    /** The future's value, or null with the failure recorded; on timeout, interrupts it and waits a little. */
    private static <T> T await(Future<T> future, long deadline, Measurement m, String what)
            throws InterruptedException {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            m.failure = what + " failed: " + e.getCause();
            return null;
        } catch (TimeoutException e) {
            m.failure = what + " did not finish within the backend's time limit";
            future.cancel(true);
            try {
                T late = future.get(60, TimeUnit.SECONDS);
                if (late instanceof AutoCloseable closeable) {
                    try {
                        closeable.close();
                    } catch (Exception ignored) {
                        m.abandoned = true;
                    }
                }
            } catch (ExecutionException | CancellationException unwound) {
                // Interrupted attaching undoes itself and throws; nothing is left attached.
            } catch (TimeoutException stillBusy) {
                m.abandoned = true;
            }
            return null;
        }
    }
}
