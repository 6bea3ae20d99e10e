package example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.Tracer;
import dev.vista.micrometer.TracerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The README's Micrometer example, as a user would paste it ({@link ReadmeExamplesTest} keeps them equal). */
class ReadmeMetricsExampleTest {
    private static final int CLOSED_PORT = 21;

    @Test
    void aDropOnLoopbackIsCountedByReason() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        int port = CLOSED_PORT;
        TracerMetrics metrics = new TracerMetrics();
        metrics.bindTo(registry);                       // any MeterRegistry: Prometheus, OTLP, JMX, ...
        try (Tracer tracer = Tracer.builder().traceSkb().filterPort(port)
                .onEvent(metrics).onLoss(metrics::lost).start()) {
            // vista.events{source}, vista.drops{reason}, vista.events.lost
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.send(new DatagramPacket(new byte[] {1}, 1,
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), CLOSED_PORT)));
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (drops(registry).functionCounters().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }

        assertThat(drops(registry).functionCounter().count()).isEqualTo(1.0);
        assertThat(registry.get(TracerMetrics.EVENTS).tag("source", "skb_tracepoint").functionCounter().count())
                .as("the datagram's other tracepoints on its way to the drop").isGreaterThan(1.0);
        assertThat(registry.get(TracerMetrics.LOST).functionCounter().count()).isZero();
    }

    private static Search drops(MeterRegistry registry) {
        return registry.find(TracerMetrics.DROPS).tag("reason", "NO_SOCKET");
    }
}
