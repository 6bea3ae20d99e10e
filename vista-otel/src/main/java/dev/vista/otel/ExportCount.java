package dev.vista.otel;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

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

    /** The configured log exporter, counting what it sent and what failed. */
    LogRecordExporter counting(LogRecordExporter exporter) {
        return new CountingLogs(exporter);
    }

    /** The configured span exporter, counting what it sent and what failed. */
    SpanExporter counting(SpanExporter exporter) {
        return new CountingSpans(exporter);
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

    /**
     * An exporter of {@code T} with its exports counted, flush and shutdown passed through: the SDK's log and span
     * exporter interfaces differ only in the type they export, and neither extends a common one.
     */
    private abstract class Counting<T> {
        private final Function<Collection<T>, CompletableResultCode> export;
        private final Supplier<CompletableResultCode> flush;
        private final Supplier<CompletableResultCode> shutdown;

        Counting(Function<Collection<T>, CompletableResultCode> export, Supplier<CompletableResultCode> flush,
                Supplier<CompletableResultCode> shutdown) {
            this.export = export;
            this.flush = flush;
            this.shutdown = shutdown;
        }

        /** Counts the items as exported or failed when the export's result arrives; returns the result. */
        public CompletableResultCode export(Collection<T> items) {
            CompletableResultCode result = export.apply(items);
            int count = items.size();
            result.whenComplete(() -> (result.isSuccess() ? exported : failed).add(count));
            return result;
        }

        public CompletableResultCode flush() {
            return flush.get();
        }

        public CompletableResultCode shutdown() {
            return shutdown.get();
        }
    }

    private final class CountingLogs extends Counting<LogRecordData> implements LogRecordExporter {
        CountingLogs(LogRecordExporter exporter) {
            super(exporter::export, exporter::flush, exporter::shutdown);
        }
    }

    private final class CountingSpans extends Counting<SpanData> implements SpanExporter {
        CountingSpans(SpanExporter exporter) {
            super(exporter::export, exporter::flush, exporter::shutdown);
        }
    }
}
