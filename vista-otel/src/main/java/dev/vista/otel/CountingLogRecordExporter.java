package dev.vista.otel;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import java.util.Collection;

/** The configured log exporter, counting what it sent and what failed. */
final class CountingLogRecordExporter implements LogRecordExporter {
    private final LogRecordExporter delegate;
    private final ExportCount count;

    CountingLogRecordExporter(LogRecordExporter delegate, ExportCount count) {
        this.delegate = delegate;
        this.count = count;
    }

    @Override
    public CompletableResultCode export(Collection<LogRecordData> logs) {
        return count.track(delegate.export(logs), logs.size());
    }

    @Override
    public CompletableResultCode flush() {
        return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return delegate.shutdown();
    }
}
