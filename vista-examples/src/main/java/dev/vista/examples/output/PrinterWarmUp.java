package dev.vista.examples.output;

import dev.vista.event.EventSource;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import dev.vista.event.Tuple;
import dev.vista.format.EventFormat;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Runs the printing code over made-up packet events while the tracer loads and attaches, so that the JIT
 * has compiled it before the first real events come. Without it the first second of a flood is printed by
 * interpreted and C1 code while C2 takes the same CPU to compile it (about 1.4 s of CPU per flood), and the
 * ring fills: the losses of the load harness (BENCHMARKS.md, "Under load"). The events go through a printer
 * of their own over a stream that discards them, with a format of the same kind as the real one (compiled
 * code is per class, not per instance), on a daemon thread that ends by itself.
 */
public final class PrinterWarmUp {
    /** Enough for C2 to compile the per-event methods (its thresholds are some 10,000 calls) and inline them. */
    static final int EVENTS = 60_000;
    private static final List<Tracepoint> PATH = List.of(Tracepoint.NET_DEV_QUEUE, Tracepoint.NET_DEV_START_XMIT,
            Tracepoint.NET_DEV_XMIT, Tracepoint.NETIF_RX, Tracepoint.NETIF_RECEIVE_SKB,
            Tracepoint.SKB_COPY_DATAGRAM_IOVEC, Tracepoint.CONSUME_SKB, Tracepoint.KFREE_SKB);
    private static final int FLOWS = 16;
    private static final long SKB_BASE = 0xffff8880_10000000L;

    private PrinterWarmUp() {
    }

    /**
     * Starts printing {@link #EVENTS} events in a format from {@code formats} (a new one: formats are not
     * thread-safe) through a UTF-8 writer, as the real output is written; returns the thread.
     */
    public static Thread start(Supplier<EventFormat> formats) {
        return Thread.ofPlatform().name("vista-print-warm-up").daemon().start(() -> run(formats.get()));
    }

    private static void run(EventFormat format) {
        List<TraceEvent> events = events();
        PrintWriter discarding = new PrintWriter(new OutputStreamWriter(OutputStream.nullOutputStream(),
                StandardCharsets.UTF_8));
        try (EventPrinter printer = new EventPrinter(format, discarding)) {
            printer.printHeader();
            for (int i = 0; i < EVENTS; i++) {
                printer.accept(events.get(i % events.size()));
            }
        }
    }

    /** Each flow's packet at each tracepoint of a path, as a UDP flood between two namespaces makes them. */
    static List<TraceEvent> events() {
        InetAddress source = InetAddress.ofLiteral("10.254.0.1");
        InetAddress destination = InetAddress.ofLiteral("10.254.0.2");
        return IntStream.range(0, FLOWS).boxed().flatMap(flow -> PATH.stream().map(point ->
                TraceEvent.builder().source(EventSource.SKB_TRACEPOINT).tracepoint(point).cpu(flow & 1)
                        .skb(SKB_BASE + flow * 0x100L).timestampNs(1_000_000L * flow + point.ordinal())
                        .pid(1000 + flow).comm("java").netns(4026532000L + (flow & 1)).ifindex(2 + (flow & 1))
                        .ifname(flow % 2 == 0 ? "veth0" : "veth1").mtu(1500).len(92).protocol(0x0800)
                        .pktType(point == Tracepoint.NETIF_RECEIVE_SKB ? 0 : 4)
                        .tuple(new Tuple(source, destination, 40000 + flow, 9000, Tuple.IPPROTO_UDP, 0, 0, 0, 0, 0))
                        .build())).toList();
    }
}
