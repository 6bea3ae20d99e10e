package dev.vista.internal.attach;

import dev.vista.AttachProgress;
import dev.vista.Backend;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Counts functions handled by (possibly concurrent) attach or detach work and tells the listener,
 * at most about a hundred times per run and always at the end.
 */
public final class ProgressReporter {
    private final AttachProgress.Phase phase;
    private final Backend backend;
    private final int total;
    private final int step;
    private final Consumer<? super AttachProgress> listener;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    public ProgressReporter(AttachProgress.Phase phase, Backend backend, int total,
            Consumer<? super AttachProgress> listener) {
        this.phase = phase;
        this.backend = backend;
        this.total = total;
        this.step = Math.max(1, total / 100);
        this.listener = listener;
    }

    public void succeeded(int functions) {
        report(done.addAndGet(functions), functions);
    }

    public void failed(int functions) {
        failed.addAndGet(functions);
        report(done.addAndGet(functions), functions);
    }

    public int failedCount() {
        return failed.get();
    }

    private void report(int now, int added) {
        if (listener != null && (now == total || now / step != (now - added) / step)) {
            listener.accept(new AttachProgress(phase, backend, now, total, failed.get()));
        }
    }
}
