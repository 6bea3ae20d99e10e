package dev.vista.internal.attach;

import dev.vista.AttachProgress;
import dev.vista.Backend;
import java.util.function.Consumer;

/**
 * Counts functions handled by (possibly concurrent) attach or detach work and tells the listener,
 * at most about a hundred times per run and always at the end. Reports are made under this
 * object's lock, so the listener is called by one thread at a time with {@code done} rising and the
 * finished report last: closing threads finishing side by side must not reorder them.
 */
public final class ProgressReporter {
    private final AttachProgress.Phase phase;
    private final Backend backend;
    private final int total;
    private final int step;
    private final Consumer<? super AttachProgress> listener;
    private int done;
    private int failed;

    public ProgressReporter(AttachProgress.Phase phase, Backend backend, int total,
            Consumer<? super AttachProgress> listener) {
        this.phase = phase;
        this.backend = backend;
        this.total = total;
        this.step = Math.max(1, total / 100);
        this.listener = listener;
    }

    public synchronized void succeeded(int functions) {
        add(functions);
    }

    public synchronized void failed(int functions) {
        failed += functions;
        add(functions);
    }

    public synchronized int failedCount() {
        return failed;
    }

    private void add(int functions) {
        int before = done;
        done += functions;
        if (listener != null && (done == total || done / step != before / step)) {
            listener.accept(new AttachProgress(phase, backend, done, total, failed));
        }
    }
}
