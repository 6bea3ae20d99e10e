package dev.vista.otel;

import dev.vista.EventCounts;
import dev.vista.InvalidPlanException;
import dev.vista.event.EventSource;
import dev.vista.event.LossEvent;
import dev.vista.event.TraceEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Exports a trace over OpenTelemetry's OTLP, to a Collector or any OTLP endpoint: every packet event as a log record,
 * each packet's life as a span (a span event per hop, status ERROR with the reason where the kernel dropped it, so a
 * packet's path opens in Jaeger or Tempo), and counters as metrics ({@code vista.events} by source,
 * {@code vista.drops} by reason, {@code vista.events.lost}). Give it the tracer's events and losses:
 *
 * <pre>{@code
 * try (OtlpExport otlp = OtlpExport.builder().endpoint("http://collector:4318").build();
 *      Tracer tracer = Tracer.builder().traceSkb().onEvent(otlp).onLoss(otlp::lost).start()) {
 *     ...
 * }
 * }</pre>
 *
 * Configured as every OpenTelemetry SDK is: the {@code OTEL_*} environment variables (and {@code otel.*} system
 * properties) apply, e.g. {@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_PROTOCOL} ({@code grpc} or
 * {@code http/protobuf}), {@code OTEL_SERVICE_NAME} (default {@code vista}), {@code OTEL_RESOURCE_ATTRIBUTES},
 * {@code OTEL_BLRP_MAX_QUEUE_SIZE}; what the builder is told explicitly wins over them. The resource carries
 * {@code host.name} and {@code host.id} (the boot id, so that two boots of one machine differ) unless they are set.
 *
 * <p>The poller thread only counts each event and hands it, through a bounded queue, to the export's own thread,
 * which builds the records and spans and gives them to the SDK's batch processors, whose queues are bounded too:
 * a slow export or an absent endpoint drops, never makes the tracer wait. What was dropped or failed is counted
 * ({@link #stats()}) and logged at {@link #close()}, like ring-buffer loss.
 */
public final class OtlpExport implements Consumer<TraceEvent>, AutoCloseable {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(OtlpExport.class);
    private static final String SCOPE = "dev.vista";
    private static final AttributeKey<String> SOURCE = AttributeKey.stringKey("source");
    private static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");

    private final OpenTelemetrySdk sdk;
    private final Logger logger;
    private final PacketSpans spans;
    private final EventCounts counts = new EventCounts();
    private final LongAdder handOffOverflow = new LongAdder();
    private final BlockingQueue<TraceEvent> handOff;
    private final Thread emitter;
    private final ExportCount logCount;
    private final ExportCount spanCount;
    private volatile boolean closing;
    private boolean closed;

    private OtlpExport(Builder builder) {
        logCount = new ExportCount();
        spanCount = new ExportCount();
        sdk = AutoConfiguredOpenTelemetrySdk.builder()
                // Defaults under the OTEL_* variables; the SDK's own default protocol would be grpc.
                .addPropertiesSupplier(() -> Map.of("otel.service.name", "vista",
                        "otel.exporter.otlp.protocol", "http/protobuf"))
                .addPropertiesCustomizer(config -> builder.properties)
                .addResourceCustomizer((resource, config) -> HostResource.defaults().merge(resource)
                        .merge(Resource.create(builder.resource.build())))
                .addLogRecordExporterCustomizer((exporter, config) -> logCount.counting(exporter))
                .addSpanExporterCustomizer((exporter, config) -> spanCount.counting(exporter))
                .disableShutdownHook() // close() shuts it down, after the tracer's last event
                .build().getOpenTelemetrySdk();
        logger = sdk.getLogsBridge().get(SCOPE);
        spans = new PacketSpans(sdk.getTracer(SCOPE), builder.spanIdle.toNanos(), builder.maxOpenSpans, spanCount);
        registerMetrics(sdk.getMeter(SCOPE));
        handOff = new ArrayBlockingQueue<>(builder.queueCapacity);
        emitter = Thread.ofPlatform().name("vista-otlp-emitter").daemon().start(this::emitUntilClosed);
    }

    /** Counters read from the poller's counts when metrics are collected: exact whatever the export drops. */
    private void registerMetrics(Meter meter) {
        EventSource[] all = EventSource.values();
        Attributes[] sources = new Attributes[all.length];
        for (EventSource source : all) {
            sources[source.ordinal()] = Attributes.of(SOURCE, source.name().toLowerCase(Locale.ROOT));
        }
        meter.counterBuilder("vista.events").setDescription("packet events the tracer delivered")
                .buildWithCallback(measurement -> {
                    for (EventSource source : all) {
                        measurement.record(counts.events(source), sources[source.ordinal()]);
                    }
                });
        meter.counterBuilder("vista.drops").setDescription("packets the kernel dropped, by reason")
                .buildWithCallback(measurement -> counts.forEachDropReason((reason, count) ->
                        measurement.record(count, Attributes.of(REASON, reason))));
        meter.counterBuilder("vista.events.lost")
                .setDescription("events the kernel could not write because the ring buffer was full")
                .buildWithCallback(measurement -> measurement.record(counts.lost()));
        meter.counterBuilder("vista.export.not_delivered")
                .setDescription("events, log records and spans that did not reach the endpoint (dropped or failed)")
                .buildWithCallback(measurement -> measurement.record(stats().notDelivered()));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Exports one event (give this to {@code onEvent}): on the poller thread it is only counted and handed to the
     * export's own thread, through a bounded queue; when that queue is full the event is counted as not delivered.
     */
    @Override
    public void accept(TraceEvent event) {
        counts.accept(event);
        if (closing || !handOff.offer(event)) {
            handOffOverflow.increment();
        }
    }

    /** The export thread: emits what the poller handed over until close() and the queue is empty. */
    private void emitUntilClosed() {
        try {
            while (!closing || !handOff.isEmpty()) {
                TraceEvent event = handOff.poll(100, TimeUnit.MILLISECONDS);
                if (event != null) {
                    emit(event);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // only close() would interrupt; it then counts what is left
        }
    }

    /** The event as a log record, and as a hop of its packet's span. */
    private void emit(TraceEvent event) {
        Span span = spans.add(event);
        var record = logger.logRecordBuilder()
                .setTimestamp(event.epochNanos(), TimeUnit.NANOSECONDS)
                .setSeverity(event.isDrop() ? Severity.WARN : Severity.INFO)
                .setBody(event.isDrop() && event.dropReason() != null
                        ? event.where() + " " + event.dropReason().name() : event.where())
                .setAllAttributes(EventAttributes.of(event));
        if (span != null) {
            record.setContext(Context.root().with(span)); // the record names its packet's trace and span
        }
        record.emit();
        logCount.emitted();
    }

    /** Counts events the ring buffer lost (give this to {@code onLoss}). */
    public void lost(LossEvent loss) {
        counts.lost(loss);
    }

    /** What was handed to OpenTelemetry and what became of it so far; final after {@link #close()}. */
    public ExportStats stats() {
        return new ExportStats(handOffOverflow.sum(), logCount.emittedCount(), logCount.exportedCount(),
                logCount.failedCount(), spanCount.emittedCount(), spanCount.exportedCount(), spanCount.failedCount(),
                spans.notOpened());
    }

    /**
     * Ends the open packet spans, flushes and shuts the SDK down (waiting at most 30 s in all for an endpoint that
     * does not answer), and logs what was not delivered. Close the tracer first: events after this are ignored.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closing = true;
        joinEmitter();
        spans.endAll();
        // Logs, spans and metrics shut down together, so one bound covers all three; 30 s is the batch processors'
        // default export timeout (otel.blrp/bsp.export.timeout): the last export they wait for is not cut short.
        sdk.shutdown().join(30, TimeUnit.SECONDS);
        ExportStats stats = stats();
        if (stats.notDelivered() > 0) {
            LOG.warn("OTLP export: {} log records and {} spans exported; not delivered: {} events the export's queue "
                    + "could not take, {} log records failed, {} dropped by the SDK's full queue; {} spans failed, {} "
                    + "dropped, {} not opened", stats.logsExported(), stats.spansExported(), stats.queueOverflow(),
                    stats.logsFailed(), stats.logsDropped(), stats.spansFailed(), stats.spansDropped(),
                    stats.spansNotOpened());
        } else {
            LOG.info("OTLP export: {} log records and {} spans exported", stats.logsExported(), stats.spansExported());
        }
    }

    /** Waits for the export thread to emit what was handed over (it ends once the queue is empty). */
    private void joinEmitter() {
        boolean interrupted = false;
        while (emitter.isAlive()) {
            try {
                emitter.join();
            } catch (InterruptedException e) {
                interrupted = true; // the thread must finish, or spans would be ended under it
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Settings that win over the {@code OTEL_*} variables. */
    public static final class Builder {
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final io.opentelemetry.api.common.AttributesBuilder resource = Attributes.builder();
        private Duration spanIdle = Duration.ofSeconds(5);
        private int maxOpenSpans = 65_536;
        private int queueCapacity = 65_536;

        private Builder() {
        }

        /** The OTLP endpoint, e.g. {@code http://collector:4318} (http/protobuf) or {@code http://collector:4317}. */
        public Builder endpoint(String endpoint) {
            URI uri;
            try {
                uri = URI.create(endpoint);
            } catch (IllegalArgumentException e) {
                throw new InvalidPlanException("OTLP endpoint '" + endpoint + "' is not a URI: give e.g. "
                        + "http://collector:4318");
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new InvalidPlanException("OTLP endpoint '" + endpoint + "' needs http:// or https:// and a host: "
                        + "give e.g. http://collector:4318");
            }
            properties.put("otel.exporter.otlp.endpoint", endpoint);
            return this;
        }

        /** {@code http/protobuf} (the default, port 4318) or {@code grpc} (port 4317). */
        public Builder protocol(String protocol) {
            if (!protocol.equals("grpc") && !protocol.equals("http/protobuf")) {
                throw new InvalidPlanException("OTLP protocol '" + protocol + "' is not known: give grpc or "
                        + "http/protobuf");
            }
            properties.put("otel.exporter.otlp.protocol", protocol);
            return this;
        }

        /** The {@code host.id} resource attribute (default: the boot id). */
        public Builder hostId(String hostId) {
            resource.put(HostResource.HOST_ID, hostId);
            return this;
        }

        /** The {@code service.name} resource attribute (default: vista). */
        public Builder serviceName(String name) {
            properties.put("otel.service.name", name);
            return this;
        }

        /** How often metrics are exported (default: the SDK's, 60 s, or OTEL_METRIC_EXPORT_INTERVAL). */
        public Builder metricInterval(Duration interval) {
            properties.put("otel.metric.export.interval", Long.toString(interval.toMillis()));
            return this;
        }

        /** After how long without an event a packet's span ends (default 5 s). */
        public Builder spanIdleTimeout(Duration idle) {
            if (idle.isNegative() || idle.isZero()) {
                throw new InvalidPlanException("span idle timeout " + idle + " is not valid: give a positive duration");
            }
            spanIdle = idle;
            return this;
        }

        /** How many packet spans may be open at once (default 65536); packets beyond get none, counted. */
        public Builder maxOpenSpans(int max) {
            if (max < 1) {
                throw new InvalidPlanException("max open spans " + max + " is not valid: give 1 or more");
            }
            maxOpenSpans = max;
            return this;
        }

        /**
         * How many events may wait between the poller and the export thread (default 65536); beyond, events are
         * counted as not delivered, so the poller never waits for the export.
         */
        public Builder queueCapacity(int capacity) {
            if (capacity < 1) {
                throw new InvalidPlanException("OTLP queue capacity " + capacity + " is not valid: give 1 or more");
            }
            queueCapacity = capacity;
            return this;
        }

        /** Any other SDK property ({@code otel.*}), e.g. {@code otel.blrp.max.queue.size}. */
        public Builder property(String name, String value) {
            properties.put(name, value);
            return this;
        }

        public OtlpExport build() {
            return new OtlpExport(this);
        }
    }
}
