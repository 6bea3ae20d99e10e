package dev.vista.benchmarks.load;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;

/**
 * An OTLP/HTTP endpoint that accepts every export and keeps nothing (an empty protobuf message is the whole
 * success answer): the export's own cost under the flood, without a Collector's.
 */
final class DiscardingOtlpEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final LongAdder bytes = new LongAdder();

    DiscardingOtlpEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                bytes.add(body.transferTo(OutputStream.nullOutputStream()));
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Bytes of exports received. */
    long bytes() {
        return bytes.sum();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
