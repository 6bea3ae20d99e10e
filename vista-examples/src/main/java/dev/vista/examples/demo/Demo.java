package dev.vista.examples.demo;

import dev.vista.Output;
import dev.vista.Tracer;
import dev.vista.examples.output.DropTally;
import dev.vista.examples.output.EventPrinter;
import dev.vista.examples.output.TraceSummary;
import dev.vista.format.EventFormat;
import dev.vista.format.TimestampMode;
import dev.vista.format.VistaLineFormatter;
import dev.vista.netns.Testbed;
import dev.vista.netns.ThrowingRunnable;
import dev.vista.netns.VethEnd;
import dev.vista.netns.VethEndSpec;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * A self-contained tour of the tracer: two network namespaces ("client", "server") joined by a veth
 * pair, traffic between them, and every event printed in vista's format as it comes, then a summary.
 * The traffic: ping, a TCP connection carrying a little data, UDP to a listening port, UDP to a closed
 * port (dropped: NO_SOCKET) and UDP to a port an iptables rule drops (NETFILTER_DROP). A second tracer
 * reports the server namespace's netfilter verdicts (netfilter hooks are per namespace): which table, at
 * which hook, let each packet in or dropped it, and what that cost.
 *
 * <p>The trace is filtered on the server's address: every demo packet carries it, host traffic does
 * not, and unlike a netns filter (one namespace per tracer) it shows both sides of the veth in one
 * ordered stream. The subnet is random, so concurrent runs do not see each other. Everything the demo
 * creates is removed when it ends, and by shutdown hooks on Ctrl-C.
 */
public final class Demo {
    /** The start of the name of every namespace the demo creates. */
    public static final String NAMESPACE_PREFIX = "vista-demo";
    private static final int TCP_PORT = 8080;
    private static final int UDP_PORT = 5353;
    private static final int CLOSED_UDP_PORT = 9999;
    private static final int FILTERED_UDP_PORT = 6666;
    // Long enough for a step's events to reach the screen before the next step's title.
    private static final long SETTLE_MILLIS = 300;
    private static final byte[] PAYLOAD = "hello from vista demo\n".getBytes(StandardCharsets.US_ASCII);

    private final PrintWriter out;
    private final BooleanSupplier stopRequested;

    /**
     * @param out           where the events and step titles go
     * @param stopRequested polled between steps: true ends the demo early, with its summary
     */
    public Demo(PrintWriter out, BooleanSupplier stopRequested) {
        this.out = out;
        this.stopRequested = stopRequested;
    }

    /** Runs the demo; needs root. */
    public TraceSummary run() throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // 10.200.0.0 to 10.254.255.0: rarely used by hosts, and a /24 per run out of 14000.
        int second = 200 + random.nextInt(55);
        int third = random.nextInt(256);
        String ipv4 = "10.%d.%d.".formatted(second, third);
        String ipv6 = "fd00:de:%x:%x::".formatted(second, third);
        try (Testbed bed = Testbed.builder().prefix(NAMESPACE_PREFIX)
                .veth(VethEndSpec.of("client", ipv4 + "1/24", ipv6 + "1/64").named("veth-client"),
                        VethEndSpec.of("server", ipv4 + "2/24", ipv6 + "2/64").named("veth-server"))
                .build()) {
            VethEnd client = bed.veth(0).a();
            VethEnd server = bed.veth(0).b();
            server.namespace().iptables("-A", "INPUT", "-p", "udp", "--dport", String.valueOf(FILTERED_UDP_PORT),
                    "-j", "DROP");
            try (DemoListeners _ = DemoListeners.open(server, TCP_PORT, UDP_PORT)) {
                return trace(client, server);
            }
        }
    }

    private TraceSummary trace(VethEnd client, VethEnd server) throws Exception {
        EnumSet<Output> outputs = EnumSet.of(Output.META, Output.TUPLE);
        EventPrinter printer = new EventPrinter(EventFormat.of(
                new VistaLineFormatter(outputs, TimestampMode.NONE, ZoneId.systemDefault())), out);
        DropTally drops = new DropTally();
        Tracer tracer = Tracer.builder().traceSkb().filterAddress(server.ipv4()).output(outputs.toArray(Output[]::new))
                .onEvent(printer.andThen(drops)).start();
        Tracer verdicts;
        try {
            verdicts = Tracer.builder().traceNetfilter().filterNetns(server.namespace().path())
                    .filterAddress(server.ipv4()).output(outputs.toArray(Output[]::new))
                    .onNetfilter(printer::printNetfilter).onLoss(printer::printLoss).start();
        } catch (RuntimeException e) {
            tracer.close();
            throw e;
        }
        try (verdicts) {
            printer.printHeader();
            for (Step step : steps(client, server)) {
                if (stopRequested.getAsBoolean()) {
                    break;
                }
                printer.note("### " + step.title());
                step.traffic().run();
                Thread.sleep(SETTLE_MILLIS);
            }
        } finally {
            try {
                tracer.close();
            } finally {
                printer.close();
            }
        }
        return new TraceSummary(tracer.stats(), drops.byReason());
    }

    private static List<Step> steps(VethEnd client, VethEnd server) {
        String to = server.ipv4().getHostAddress();
        return List.of(
                new Step("ping " + to + ": echo request and reply; ping reads the reply from a raw socket, so the "
                        + "kernel's ping-socket lookup drops it (NO_SOCKET)",
                        () -> client.namespace().exec("ping", "-c", "1", "-W", "2", to).orThrow()),
                new Step("TCP to " + to + ":" + TCP_PORT + ": connect, send " + PAYLOAD.length + " bytes, close",
                        () -> sendTcp(client, new InetSocketAddress(server.ipv4(), TCP_PORT))),
                new Step("UDP to " + to + ":" + UDP_PORT + ": a socket listens there",
                        () -> sendUdp(client, new InetSocketAddress(server.ipv4(), UDP_PORT))),
                new Step("UDP to " + to + ":" + CLOSED_UDP_PORT + ": closed port, dropped (NO_SOCKET), "
                        + "ICMP port unreachable back",
                        () -> sendUdp(client, new InetSocketAddress(server.ipv4(), CLOSED_UDP_PORT))),
                new Step("UDP to " + to + ":" + FILTERED_UDP_PORT + ": iptables -j DROP in the server's namespace "
                        + "(NETFILTER_DROP): the netfilter line names the table, hook and verdict",
                        () -> sendUdp(client, new InetSocketAddress(server.ipv4(), FILTERED_UDP_PORT))));
    }

    /** Sends the payload and closes; waits for the server's close, so the whole exchange is in this step. */
    private static void sendTcp(VethEnd client, InetSocketAddress to) throws Exception {
        client.namespace().run(() -> {
            try (SocketChannel connection = SocketChannel.open(to)) {
                connection.write(ByteBuffer.wrap(PAYLOAD));
                connection.shutdownOutput();
                ByteBuffer rest = ByteBuffer.allocate(1);
                while (connection.read(rest.clear()) >= 0) {
                    // the server sends nothing; read() returns -1 when it has closed
                }
            }
        });
    }

    private static void sendUdp(VethEnd client, InetSocketAddress to) throws Exception {
        client.namespace().run(() -> {
            try (DatagramChannel socket = DatagramChannel.open()) {
                socket.send(ByteBuffer.wrap(PAYLOAD), to);
            }
        });
    }

    private record Step(String title, ThrowingRunnable traffic) {
    }
}
