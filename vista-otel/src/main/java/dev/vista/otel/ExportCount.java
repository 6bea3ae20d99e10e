package dev.vista.otel;

import io.opentelemetry.sdk.common.CompletableResultCode;
import java.util.concurrent.atomic.LongAdder;

/**
 * Of one kind of item (log records, spans): how many were emitted to the SDK, and how many its exporter sent or
 * failed to send. What neither sent nor failed after the SDK shut down was dropped by its bounded batch queue.
 */
final class ExportCount {
    private final LongAdder emitted = new LongAdder();
    private final LongAdder exported = new LongAdder();
    private final LongAdder failed = new LongAdder();

    void emitted() {
        emitted.increment();
    }

    /** Counts {@code items} as exported or failed when the export's result arrives; returns the result. */
    CompletableResultCode track(CompletableResultCode result, int items) {
        result.whenComplete(() -> (result.isSuccess() ? exported : failed).add(items));
        return result;
    }

    long emittedCount() {
        return emitted.sum();
    }

    long exportedCount() {
        return exported.sum();
    }

    long failedCount() {
        return failed.sum();
    }
}
