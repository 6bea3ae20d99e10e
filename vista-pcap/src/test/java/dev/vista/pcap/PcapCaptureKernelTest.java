package dev.vista.pcap;

import static dev.vista.pcap.WiresharkTools.capinfos;
import static dev.vista.pcap.WiresharkTools.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.Protocol;
import dev.vista.Tracer;
import dev.vista.TracerBuilder;
import dev.vista.event.PacketStart;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import dev.vista.netns.ClientServer;
import dev.vista.netns.IptablesRule;
import dev.vista.netns.NetworkNamespace;
import dev.vista.netns.ThrowingRunnable;
import dev.vista.netns.VethEnd;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packets captured in the kernel between two namespaces, written to pcapng, read back with tshark and
 * capinfos: every captured event is one packet in the file, with the bytes the test sent, the addresses,
 * ports and protocols, the tracepoint (and drop reason) in its comment, the interface it was on with the
 * right link type, and the event's time.
 */
@Tag("kernel")
class PcapCaptureKernelTest {
    private static final int SUBNET = 230;
    private static final int CLOSED_PORT = 7230;
    private static final int TCP_PORT = 8230;
    private static final int BLOCKED_PORT = 9230;
    // The ping payload's pattern: "vista" repeated after ping's 16-byte timestamp.
    private static final String PING_PATTERN = "7669737461";
    private static final HexFormat HEX = HexFormat.of();
    // tshark's frame.encap_type: Wireshark's numbers for Ethernet and raw IPv4/IPv6.
    private static final String ENCAP_ETHERNET = "1";
    private static final String ENCAP_RAW_IPV4 = "129";
    private static final String ENCAP_RAW_IPV6 = "130";

    private static ClientServer net;
    private static VethEnd client;
    private static VethEnd server;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTestbed() {
        net = ClientServer.create(SUBNET);
        client = net.client();
        server = net.server();
    }

    @AfterAll
    static void removeTestbed() {
        net.close();
    }

    @Test
    void anIcmpEchoAndItsReplyCarryThePingPayload() throws Exception {
        Path file = dir.resolve("icmp.pcapng");
        List<TraceEvent> events = capture(file, b -> b.filterProtocol(Protocol.ICMP).filterAddress(
                server.ipv4().getHostAddress()), () -> client.namespace().exec("ping", "-c", "1", "-s", "56", "-p",
                        PING_PATTERN, server.ipv4().getHostAddress()).orThrow());

        List<List<String>> rows = fields(file, "ip.src", "ip.dst", "icmp.type", "data.data");
        assertSameAsEvents(file, events);
        assertThat(rows).extracting(r -> r.get(2)).contains("8", "0");
        for (List<String> row : rows) {
            assertThat(row.get(3)).as("ping payload").contains(PING_PATTERN.repeat(3));
            assertThat(List.of(row.get(0), row.get(1))).containsExactlyInAnyOrder(client.ipv4().getHostAddress(),
                    server.ipv4().getHostAddress());
        }
    }

    @Test
    void aDatagramToAClosedPortIsCapturedUpToItsDropWithTheReason() throws Exception {
        Path file = dir.resolve("udp.pcapng");
        byte[] payload = "vista-pcap: a datagram to a closed port".getBytes(StandardCharsets.US_ASCII);
        List<TraceEvent> events = capture(file, b -> b.filterProtocol(Protocol.UDP).filterPort(CLOSED_PORT),
                () -> sendUdp(client.namespace(), server.ipv4(), CLOSED_PORT, payload));

        assertSameAsEvents(file, events);
        List<List<String>> rows = fields(file, "ip.src", "ip.dst", "udp.dstport", "data.data", "frame.comment");
        for (List<String> row : rows) {
            assertThat(row.subList(0, 4)).containsExactly(client.ipv4().getHostAddress(),
                    server.ipv4().getHostAddress(), String.valueOf(CLOSED_PORT), HEX.formatHex(payload));
        }
        assertThat(rows).extracting(r -> r.get(4)).anySatisfy(comment -> assertThat(comment)
                .startsWith("skb:kfree_skb reason=NO_SOCKET at=").contains(" skb=0x", " cpu=", " pid="));
    }

    @Test
    void aTcpExchangeIsCapturedWithItsHandshakeAndTheDataSegmentsHeaders() throws Exception {
        Path file = dir.resolve("tcp.pcapng");
        byte[] request = "vista-pcap tcp request".getBytes(StandardCharsets.US_ASCII);
        List<TraceEvent> events = capture(file, b -> b.filterProtocol(Protocol.TCP).filterPort(TCP_PORT),
                () -> tcpExchange(request));

        assertSameAsEvents(file, events);
        List<List<String>> rows = fields(file, "tcp.srcport", "tcp.dstport", "tcp.flags.syn", "tcp.len",
                "frame.len", "frame.cap_len");
        assertThat(rows).allSatisfy(row -> assertThat(row.subList(0, 2)).contains(String.valueOf(TCP_PORT)));
        assertThat(rows).extracting(r -> r.get(2)).contains("1");
        // TCP keeps its payload in paged fragments, which a tracing program cannot read: the data segment
        // comes with its headers, its whole length, and tshark's TCP length of the request.
        assertThat(rows).filteredOn(r -> r.get(3).equals(String.valueOf(request.length))).isNotEmpty()
                .allSatisfy(r -> assertThat(Integer.parseInt(r.get(4)) - Integer.parseInt(r.get(5)))
                        .isEqualTo(request.length));
    }

    @Test
    void ipv6PacketsAreCapturedToo() throws Exception {
        Path file = dir.resolve("ipv6.pcapng");
        byte[] payload = "vista-pcap over IPv6".getBytes(StandardCharsets.US_ASCII);
        List<TraceEvent> events = capture(file, b -> b.filterProtocol(Protocol.UDP).filterPort(CLOSED_PORT)
                .filterAddress(server.ipv6().getHostAddress()),
                () -> sendUdp(client.namespace(), server.ipv6(), CLOSED_PORT, payload));

        assertSameAsEvents(file, events);
        List<List<String>> rows = fields(file, "ipv6.src", "ipv6.dst", "udp.dstport", "data.data");
        for (List<String> row : rows) {
            assertThat(InetAddress.getByName(row.get(0))).isEqualTo(client.ipv6());
            assertThat(InetAddress.getByName(row.get(1))).isEqualTo(server.ipv6());
            assertThat(row.subList(2, 4)).containsExactly(String.valueOf(CLOSED_PORT), HEX.formatHex(payload));
        }
    }

    @Test
    void packetsDroppedBeforeTheyHaveALinkLayerHeaderAreRawIp() throws Exception {
        Path file = dir.resolve("raw.pcapng");
        byte[] payload = "vista-pcap: dropped on output".getBytes(StandardCharsets.US_ASCII);
        String port = String.valueOf(BLOCKED_PORT);
        NetworkNamespace ns = client.namespace();
        List<TraceEvent> events;
        try (IptablesRule v4 = ns.addIptablesRule("filter", "OUTPUT", "-p", "udp", "--dport", port, "-j", "DROP");
                IptablesRule v6 = ns.addIp6tablesRule("filter", "OUTPUT", "-p", "udp", "--dport", port, "-j", "DROP")) {
            assertThat(List.of(v4.chain(), v6.chain())).containsOnly("OUTPUT");
            events = capture(file, b -> b.traceTracepoints(Tracepoint.KFREE_SKB).filterProtocol(Protocol.UDP)
                    .filterPort(BLOCKED_PORT), () -> {
                        assertThatThrownBy(() -> sendUdp(ns, server.ipv4(), BLOCKED_PORT, payload))
                                .hasMessageContaining("Operation not permitted");
                        assertThatThrownBy(() -> sendUdp(ns, server.ipv6(), BLOCKED_PORT, payload))
                                .hasMessageContaining("Operation not permitted");
                    });
        }

        assertThat(events).hasSize(2).allSatisfy(e -> assertThat(e.packet().start()).isEqualTo(PacketStart.NETWORK));
        assertSameAsEvents(file, events);
        List<List<String>> rows = fields(file, "frame.encap_type", "udp.dstport", "data.data", "frame.comment");
        assertThat(rows).extracting(r -> r.get(0)).containsExactly(ENCAP_RAW_IPV4, ENCAP_RAW_IPV6);
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.subList(1, 3)).containsExactly(port, HEX.formatHex(payload));
            assertThat(row.get(3)).startsWith("skb:kfree_skb reason=NETFILTER_DROP");
        });
    }

    /**
     * Traces skb tracepoints with these filters and packet capture into {@code file} while {@code traffic}
     * runs; returns the events, each of which carries a packet, in the order they were written.
     */
    private static List<TraceEvent> capture(Path file, UnaryOperator<TracerBuilder> filters, ThrowingRunnable traffic)
            throws Exception {
        List<TraceEvent> events = new CopyOnWriteArrayList<>();
        try (PcapngSink pcap = PcapngSink.create(file)) {
            TracerBuilder builder = filters.apply(Tracer.builder().traceSkb()).capturePackets(256).onEvent(event -> {
                events.add(event);
                pcap.accept(event);
            }).onLoss(pcap::lost);
            try (Tracer tracer = builder.start()) {
                traffic.run();
                Thread.sleep(200); // receive-side softirq work finishes after the sender returns
                assertThat(tracer.stats().lost()).as("events lost").isZero();
            }
            assertThat(pcap.eventsWithoutPacket()).as("events without a packet").isZero();
            assertThat(pcap.packets()).isEqualTo(events.size());
        }
        assertThat(events).as("events traced").isNotEmpty().allSatisfy(e -> assertThat(e.packet()).isNotNull());
        return events;
    }

    /** The file holds one packet per event, in order: interface, link type, time, length, comment. */
    private static void assertSameAsEvents(Path file, List<TraceEvent> events) throws Exception {
        var info = capinfos(file);
        assertThat(info.exitStatus()).as(info.errors()).isZero();
        assertThat(info.output()).contains("Number of packets:   " + events.size() + "\n");
        List<List<String>> rows = fields(file, "frame.interface_name", "frame.encap_type", "frame.time_epoch",
                "frame.cap_len", "frame.len", "frame.comment");
        assertThat(rows).hasSameSizeAs(events);
        for (int i = 0; i < events.size(); i++) {
            TraceEvent event = events.get(i);
            List<String> row = rows.get(i);
            String device = event.ifname().isEmpty() ? "if" + event.ifindex() : event.ifname();
            assertThat(row.get(0)).isEqualTo(device + "@netns:" + event.netns());
            if (event.packet().start() == PacketStart.LINK_LAYER) {
                assertThat(row.get(1)).as("link type").isEqualTo(ENCAP_ETHERNET);
            } else {
                assertThat(row.get(1)).as("link type").isIn(ENCAP_RAW_IPV4, ENCAP_RAW_IPV6);
            }
            long nanos = new BigDecimal(row.get(2)).movePointRight(9).longValueExact();
            assertThat(Math.abs(nanos - event.epochNanos())).as("time difference in ns").isLessThanOrEqualTo(1_000_000);
            assertThat(row.get(3)).isEqualTo(String.valueOf(event.packet().length()));
            assertThat(row.get(4)).isEqualTo(String.valueOf(event.packet().originalLength()));
            assertThat(row.get(5)).startsWith(event.tracepoint().qualifiedName());
        }
    }

    static void sendUdp(NetworkNamespace from, InetAddress to, int port, byte[] payload) throws Exception {
        from.run(() -> {
            try (DatagramChannel channel = DatagramChannel.open()) {
                channel.send(ByteBuffer.wrap(payload), new InetSocketAddress(to, port));
            }
        });
    }

    /** Connects from the client, sends {@code request}, the server reads it and both close. */
    private static void tcpExchange(byte[] request) throws Exception {
        var address = new InetSocketAddress(server.ipv4(), TCP_PORT);
        try (ServerSocketChannel listener = server.namespace().call(() -> ServerSocketChannel.open().bind(address));
                SocketChannel connection = client.namespace().call(() -> SocketChannel.open(address));
                SocketChannel accepted = listener.accept()) {
            connection.write(ByteBuffer.wrap(request));
            ByteBuffer received = ByteBuffer.allocate(request.length);
            while (received.hasRemaining() && accepted.read(received) >= 0) {
                // until the whole request is in
            }
        }
    }
}
