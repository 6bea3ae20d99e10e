package dev.vista.internal.attach;

import dev.vista.KernelFeatureException;
import dev.vista.internal.functions.TracedFunction;
import dev.vista.internal.libbpf.Attachment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attaches functions one by one on several threads: per-function attachment (a kprobe's perf
 * event, an fentry program's verification) is slow, and the kernel does it in parallel well.
 * A function that fails is logged and skipped; if none attaches, the whole attach fails.
 */
final class ConcurrentAttach {
    private static final Logger LOG = LoggerFactory.getLogger(ConcurrentAttach.class);

    interface PerFunction {
        Attachment attach(TracedFunction function);
    }

    private ConcurrentAttach() {
    }

    static List<Attachment> run(String what, List<TracedFunction> functions, int threads, PerFunction attach,
            ProgressReporter progress) {
        List<Attachment> attached = Collections.synchronizedList(new ArrayList<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads),
                Thread.ofPlatform().name("vista-attach-", 0).daemon().factory())) {
            List<Future<?>> work = new ArrayList<>();
            for (TracedFunction function : functions) {
                work.add(pool.submit(() -> {
                    try {
                        attached.add(attach.attach(function));
                        progress.succeeded(1);
                    } catch (RuntimeException e) {
                        failures.add(function.name() + ": " + e.getMessage());
                        progress.failed(1);
                    }
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            RuntimeException interrupted = new IllegalStateException(what + " was interrupted", e);
            Attachments.closeAll(attached, interrupted);
            throw interrupted;
        } catch (ExecutionException e) {
            throw new AssertionError("attach tasks catch their own failures", e);
        }
        if (!failures.isEmpty()) {
            LOG.warn("{}: {} of {} functions could not be attached and are skipped (first: {})", what,
                    failures.size(), functions.size(), failures.getFirst());
            failures.forEach(f -> LOG.debug("{}: skipped {}", what, f));
        }
        if (attached.isEmpty() && !functions.isEmpty()) {
            throw new KernelFeatureException(what + ": none of " + functions.size()
                    + " functions could be attached; first failure: " + failures.getFirst());
        }
        return new ArrayList<>(attached);
    }
}
