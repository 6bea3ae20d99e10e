package example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.Tracer;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The README's warm-up example ({@link ReadmeExamplesTest} keeps them equal): the made-up events stay apart. */
class ReadmeWarmUpExampleTest {
    @Test
    void theWarmUpsEventsAreCountedApartFromTheTracesOwn() throws Exception {
        int port;
        try (DatagramSocket unbound = new DatagramSocket(0)) {
            port = unbound.getLocalPort(); // closed once the trace runs: a datagram to it is dropped
        }
        Map<Tracepoint, LongAdder> madeUp = new ConcurrentHashMap<>();
        Tracer.builder().traceSkb().onEvent(countByTracepoint(madeUp)).warmUp(200_000);  // counted apart
        Map<Tracepoint, LongAdder> counts = new ConcurrentHashMap<>();
        try (Tracer tracer = Tracer.builder().traceSkb().filterPort(port).onEvent(countByTracepoint(counts)).start()) {
            sendTraffic(tracer, port);  // a flood may come now: the path from the ring buffer to the sink is compiled
        }

        assertThat(madeUp.values().stream().mapToLong(LongAdder::sum).sum()).isEqualTo(200_000);
        assertThat(counts).containsKey(Tracepoint.KFREE_SKB);
        assertThat(counts.values().stream().mapToLong(LongAdder::sum).sum()).as("our one datagram's events")
                .isBetween(2L, 20L);
    }

    /** A datagram to the closed {@code port}, and a wait until the tracer has seen it dropped. */
    private static void sendTraffic(Tracer tracer, int port) throws Exception {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(new byte[] {1}, 1,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!tracer.stats().perTracepoint().containsKey(Tracepoint.KFREE_SKB) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** A sink that counts events by tracepoint into {@code counts}. */
    private static Consumer<TraceEvent> countByTracepoint(Map<Tracepoint, LongAdder> counts) {
        return event -> counts.computeIfAbsent(event.tracepoint(), tracepoint -> new LongAdder()).increment();
    }
}
