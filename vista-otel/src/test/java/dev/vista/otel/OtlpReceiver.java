package dev.vista.otel;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP endpoint in the test's JVM, as a Collector's otlp receiver: it decodes what arrives on
 * {@code /v1/logs}, {@code /v1/traces} and {@code /v1/metrics} with the official opentelemetry-proto classes and
 * answers as the protocol says.
 */
public final class OtlpReceiver implements AutoCloseable {
    public final List<ExportLogsServiceRequest> logs = new CopyOnWriteArrayList<>();
    public final List<ExportTraceServiceRequest> traces = new CopyOnWriteArrayList<>();
    public final List<ExportMetricsServiceRequest> metrics = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    public OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/logs", exchange -> {
            logs.add(ExportLogsServiceRequest.parseFrom(body(exchange)));
            answer(exchange, ExportLogsServiceResponse.getDefaultInstance().toByteArray());
        });
        server.createContext("/v1/traces", exchange -> {
            traces.add(ExportTraceServiceRequest.parseFrom(body(exchange)));
            answer(exchange, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
        });
        server.createContext("/v1/metrics", exchange -> {
            metrics.add(ExportMetricsServiceRequest.parseFrom(body(exchange)));
            answer(exchange, ExportMetricsServiceResponse.getDefaultInstance().toByteArray());
        });
        server.start();
    }

    /** The base URL exporters are given (http/protobuf appends /v1/logs etc.). */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static byte[] body(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        return in.readAllBytes();
    }

    private static void answer(HttpExchange exchange, byte[] response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, response.length);
        exchange.getResponseBody().write(response);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
