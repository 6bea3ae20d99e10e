package dev.vista.examples.cli;

import dev.vista.otel.ExportStats;
import dev.vista.otel.OtlpExport;
import java.io.PrintWriter;
import picocli.CommandLine.Model.OptionSpec;

/** Export over OpenTelemetry: events as log records, packets as spans, counters as metrics (vista-otel). */
final class OtlpOptions extends FlagGroup {
    /** --output-otlp without a value: the endpoint comes from OTEL_EXPORTER_OTLP_ENDPOINT (or the SDK's default). */
    private static final String FROM_ENVIRONMENT = "";

    private final OptionSpec endpoint = add(OptionSpec.builder("--output-otlp").paramLabel("ENDPOINT")
            .type(String.class).arity("0..1").fallbackValue(FROM_ENVIRONMENT)
            .description("also export events, packets' spans and counters over OTLP to ENDPOINT (e.g. "
                    + "http://collector:4318); without ENDPOINT, the OTEL_* variables say where"));
    private final OptionSpec protocol = option("--otlp-protocol", "PROTOCOL", String.class,
            "http/protobuf (default) or grpc; else OTEL_EXPORTER_OTLP_PROTOCOL");

    /** The export, or null without --output-otlp. */
    OtlpExport open() {
        String endpoint = this.endpoint.getValue();
        if (endpoint == null) {
            return null;
        }
        OtlpExport.Builder builder = OtlpExport.builder();
        if (!endpoint.equals(FROM_ENVIRONMENT)) {
            builder.endpoint(endpoint);
        }
        String protocol = this.protocol.getValue();
        if (protocol != null) {
            builder.protocol(protocol);
        }
        return builder.build();
    }

    /** Closes the export (flushing it) and says on {@code err} what reached the endpoint and what did not. */
    static void close(OtlpExport export, PrintWriter err) {
        export.close();
        ExportStats stats = export.stats();
        err.printf("otlp: %d log records and %d spans exported; not delivered: %d (failed %d, dropped by full queues "
                + "%d, spans not opened %d)%n", stats.logsExported(), stats.spansExported(), stats.notDelivered(),
                stats.logsFailed() + stats.spansFailed(), stats.logsDropped() + stats.spansDropped(),
                stats.spansNotOpened());
        err.flush();
    }
}
