package dev.vista.otel;

/**
 * What an {@link OtlpExport} handed to OpenTelemetry and what became of it. Until it is closed some items may still
 * be queued; after {@link OtlpExport#close()}, the events given to it are {@code queueOverflow + logsEmitted}, and
 * {@code emitted = exported + failed + dropped} for log records and for spans.
 *
 * @param queueOverflow events the export's queue (between the poller and its thread) was too full to take
 * @param logsEmitted  events given to the SDK as log records
 * @param logsExported log records the exporter sent and the endpoint accepted
 * @param logsFailed   log records in exports that failed (endpoint down, refused, timed out)
 * @param spansEmitted packet spans ended and given to the SDK
 * @param spansExported spans the endpoint accepted
 * @param spansFailed  spans in exports that failed
 * @param spansNotOpened packets that got no span because too many were open at once
 */
public record ExportStats(long queueOverflow, long logsEmitted, long logsExported, long logsFailed, long spansEmitted,
        long spansExported, long spansFailed, long spansNotOpened) {
    /** Log records the SDK's bounded queue dropped (exporting fell behind): never sent, never failed. */
    public long logsDropped() {
        return logsEmitted - logsExported - logsFailed;
    }

    /** Spans the SDK's bounded queue dropped. */
    public long spansDropped() {
        return spansEmitted - spansExported - spansFailed;
    }

    /** Log records and spans that did not reach the endpoint, for whatever reason. */
    public long notDelivered() {
        return queueOverflow + logsFailed + logsDropped() + spansFailed + spansDropped() + spansNotOpened;
    }
}
