package dev.vista.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.netns.ClientServer;
import dev.vista.otel.OtlpReceiver;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code vista --output-otlp}: the printed events also reach an OTLP endpoint, and the run says what was exported. */
@Tag("kernel")
class VistaOtlpCliKernelTest {
    private static final int CLOSED_PORT = 9;
    private static final int LINES = 4;
    @AutoClose
    private static ClientServer net;

    @BeforeAll
    static void createNamespaces() {
        net = ClientServer.create(242);
    }

    @Test
    void theEventsItPrintsAreExportedAsLogRecordsAndItSaysHowManyReachedTheEndpoint() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            VistaRun vista = VistaRun.start("--output-otlp", receiver.endpoint(), "--filter-netns",
                    net.server().namespace().path().toString(), "--filter-protocol", "udp", "--filter-port",
                    String.valueOf(CLOSED_PORT), "--output-limit-lines", String.valueOf(LINES));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!vista.ended() && System.nanoTime() < deadline) {
                net.client().namespace().run(() -> {
                    try (DatagramChannel channel = DatagramChannel.open()) {
                        channel.send(ByteBuffer.wrap(new byte[] {1}),
                                new InetSocketAddress(net.server().ipv4(), CLOSED_PORT));
                    }
                });
                Thread.sleep(100);
            }
            List<String> lines = vista.linesAfterExit(30);

            List<LogRecord> records = receiver.logs.stream().flatMap(r -> r.getResourceLogsList().stream())
                    .flatMap(r -> r.getScopeLogsList().stream()).flatMap(s -> s.getLogRecordsList().stream()).toList();
            assertThat(records).as("a record per printed event").hasSize(LINES).hasSize(lines.size());
            assertThat(records).anySatisfy(r -> assertThat(r.getAttributesList()).extracting(KeyValue::getKey)
                    .contains("vista.drop_reason", "destination.port", "network.transport"));
            assertThat(vista.errorOutput()).contains("otlp: " + LINES + " log records and ")
                    .contains("not delivered: 0 ");
        }
    }

    @Test
    void anEndpointWithoutSchemeIsRefusedBeforeTracingStarts() {
        StringWriter err = new StringWriter();
        var cli = VistaCommand.commandLine(new StopRequest());
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));

        int exitCode = cli.execute("--output-otlp", "collector:4318");

        assertThat(exitCode).isEqualTo(VistaCommand.BAD_INPUT);
        assertThat(err.toString()).contains("OTLP endpoint 'collector:4318' needs http:// or https://");
    }
}
