package dev.vista.otel;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/** The configured span exporter, counting what it sent and what failed. */
final class CountingSpanExporter implements SpanExporter {
    private final SpanExporter delegate;
    private final ExportCount count;

    CountingSpanExporter(SpanExporter delegate, ExportCount count) {
        this.delegate = delegate;
        this.count = count;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return count.track(delegate.export(spans), spans.size());
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
