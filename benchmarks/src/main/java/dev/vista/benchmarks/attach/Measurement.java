package dev.vista.benchmarks.attach;

import dev.vista.AttachProgress;
import dev.vista.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Progress and timings of one backend's start() and close(); written by the listener from attach threads. */
final class Measurement {
    final Backend backend;
    final int limit;
    long probeNanos;
    long resolveNanos;
    long startCalled;
    long startReturned;
    long firstAttach;
    int firstAttachDone;
    long lastAttach;
    int attachDone;
    int attachTotal;
    int attachFailed;
    long closeCalled;
    long closeReturned;
    long lastDetach;
    int detachDone;
    int detachTotal;
    int detachFailed;
    int functionCount = -1;
    long events;
    long lost;
    String failure;
    /** start() or close() was still running when the time ran out: the kernel may still be busy. */
    boolean abandoned;
    private int printedTenth = -1;
    /** Every report: {done, nanos since start() or close() was called}. */
    final List<long[]> attachReports = new ArrayList<>();
    final List<long[]> detachReports = new ArrayList<>();

    Measurement(Backend backend, int limit) {
        this.backend = backend;
        this.limit = limit;
    }

    synchronized void progress(AttachProgress p, String label) {
        long now = System.nanoTime();
        if (p.phase() == AttachProgress.Phase.ATTACHING) {
            attachReports.add(new long[] {p.done(), now - startCalled});
            if (firstAttach == 0) {
                firstAttach = now;
                firstAttachDone = p.done();
            }
            if (p.done() >= attachDone) {
                lastAttach = now;
                attachDone = p.done();
                attachTotal = p.total();
                attachFailed = Math.max(attachFailed, p.failed());
            }
        } else {
            detachReports.add(new long[] {p.done(), now - closeCalled});
            if (p.done() >= detachDone) {
                lastDetach = now;
                detachDone = p.done();
                detachTotal = p.total();
                detachFailed = Math.max(detachFailed, p.failed());
            }
        }
        int tenth = p.total() == 0 ? 10 : p.done() * 10 / p.total();
        if (tenth != printedTenth) {
            printedTenth = tenth == 10 ? -1 : tenth;
            long since = p.phase() == AttachProgress.Phase.ATTACHING ? startCalled : closeCalled;
            System.err.printf(Locale.ROOT, "[%s] %s %d/%d (failed %d) at %s s%n", label,
                    p.phase().name().toLowerCase(Locale.ROOT), p.done(), p.total(), p.failed(),
                    AttachReport.seconds(now - since));
        }
    }

    synchronized int attached() {
        return attachDone - attachFailed;
    }

    synchronized long startNanos() {
        return startReturned - startCalled;
    }

    synchronized long closeNanos() {
        return closeReturned - closeCalled;
    }

    /** How far start() or close() got, for a failure. */
    synchronized String progressText() {
        return closeCalled == 0
                ? "attached %d of %d, %d failed".formatted(attachDone, attachTotal, attachFailed)
                : "detached %d of %d".formatted(detachDone, detachTotal);
    }
}
