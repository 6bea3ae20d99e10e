package dev.vista.assertj;

import static dev.vista.assertj.PacketSpec.icmp;
import static dev.vista.assertj.PacketSpec.tcp;
import static dev.vista.assertj.PacketSpec.udp;
import static dev.vista.assertj.VistaAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.event.DropReason;
import dev.vista.event.Tracepoint;
import dev.vista.junit.PacketTrace;
import dev.vista.junit.TracePackets;
import dev.vista.netns.ClientServer;
import dev.vista.netns.VethEnd;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The assertions on real UDP traffic between two namespaces, one of which drops a port with iptables: what
 * they accept, and what their failure messages show (the path the packet did take).
 */
@Tag("kernel")
@TracePackets(protocol = "udp")
class PacketAssertionsKernelTest {
    private static final int FIREWALLED_PORT = 7001;
    private static final int CLOSED_PORT = 7002;
    private static final int OPEN_PORT = 7003;
    // Failing assertions wait this long, not the default 5 s.
    private static final Duration SHORT = Duration.ofMillis(300);
    @AutoClose
    private static ClientServer net;
    private static VethEnd client;
    private static VethEnd server;

    @BeforeAll
    static void createTestbed() {
        net = ClientServer.create(211);
        client = net.client();
        server = net.server();
        server.namespace().iptables("-A", "INPUT", "-p", "udp", "--dport", String.valueOf(FIREWALLED_PORT), "-j", "DROP");
    }

    @Test
    void aFirewalledDatagramWasDroppedByNetfilterInTheServersNamespace(PacketTrace trace) throws Exception {
        send(FIREWALLED_PORT);

        assertThat(trace).packet(udp().to(server.ipv4(), FIREWALLED_PORT)).wasDropped()
                .withReason(DropReason.NETFILTER_DROP);
        assertThat(trace).packet(udp().from(client.ipv4()).to(server.ipv4().getHostAddress(), FIREWALLED_PORT))
                .reached(Tracepoint.NET_DEV_QUEUE).inNetns(client.namespace()).on(client.ifname());
        assertThat(trace).packet(udp().to(server.ipv4(), FIREWALLED_PORT))
                .reached(Tracepoint.NETIF_RECEIVE_SKB, Tracepoint.KFREE_SKB).inNetns(server.namespace());
        assertThat(trace).lost().isZero();
    }

    @Test
    void aWrongDropReasonFailsShowingThePacketsPathAcrossBothNamespaces(PacketTrace trace) throws Exception {
        send(CLOSED_PORT);
        assertThat(trace).packet(udp().to(server.ipv4(), CLOSED_PORT)).wasDropped().withReason(DropReason.NO_SOCKET)
                .at("__udp4_lib_rcv");

        assertThatThrownBy(() -> assertThat(trace).within(SHORT).packet(udp().to(server.ipv4(), CLOSED_PORT))
                .wasDropped().withReason(DropReason.NETFILTER_DROP))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the udp packet to 10.211.1.2:" + CLOSED_PORT
                        + " to be dropped with reason NETFILTER_DROP within 300 ms, but it did not. The packet's path:")
                .hasMessageMatching("(?s).*net_dev_queue +netns " + client.namespace().name() + " +veth0a +10\\.211\\.1\\.1:\\d+->10\\.211\\.1\\.2:" + CLOSED_PORT + "\\(udp\\).*")
                .hasMessageMatching("(?s).*netif_receive_skb +netns " + server.namespace().name() + " +veth0b .*")
                .hasMessageMatching("(?s).*kfree_skb +netns " + server.namespace().name()
                        + " +veth0b .* DROPPED: NO_SOCKET at __udp4_lib_rcv.*");
    }

    @Test
    @TracePackets(protocol = "tcp", port = OPEN_PORT)
    void dataReadByTheServerWasDeliveredAndWasNotDropped(PacketTrace trace) throws Exception {
        try (ServerSocketChannel listener = server.namespace().call(() -> ServerSocketChannel.open()
                .bind(new InetSocketAddress(server.ipv4(), OPEN_PORT)))) {
            client.namespace().run(() -> {
                try (SocketChannel socket = SocketChannel.open(new InetSocketAddress(server.ipv4(), OPEN_PORT))) {
                    socket.write(ByteBuffer.wrap("hello".getBytes()));
                }
            });
            try (SocketChannel accepted = listener.accept()) {
                accepted.read(ByteBuffer.allocate(64));
            }
        }

        assertThat(trace).packet(tcp().to(server.ipv4(), OPEN_PORT)).wasDelivered()
                .reached(Tracepoint.NETIF_RECEIVE_SKB).inNetns(server.namespace()).on(server.ifname());
        assertThatThrownBy(() -> assertThat(trace).within(SHORT).packet(tcp().to(server.ipv4(), OPEN_PORT)).wasDropped())
                .hasMessageContaining("to be dropped within 300 ms, but it did not")
                .hasMessageContaining("matching packets were traced; their paths:")
                .hasMessageMatching("(?s).*skb_copy_datagram_iovec +netns " + server.namespace().name() + " .*");
    }

    @Test
    void aFirewalledDatagramFailsWasNotDroppedShowingTheDrop(PacketTrace trace) throws Exception {
        send(FIREWALLED_PORT);

        assertThatThrownBy(() -> assertThat(trace).packet(udp().to(server.ipv4(), FIREWALLED_PORT)).wasNotDropped())
                .hasMessageStartingWith("Expecting the udp packet to 10.211.1.2:" + FIREWALLED_PORT
                        + " not to be dropped, but it was. The packet's path:")
                .hasMessageContaining("DROPPED: NETFILTER_DROP");
    }

    @Test
    void aDroppedDatagramWasNotDeliveredAndTheFailureShowsWhereItDied(PacketTrace trace) throws Exception {
        send(FIREWALLED_PORT);

        assertThatThrownBy(() -> assertThat(trace).within(SHORT).packet(udp().to(server.ipv4(), FIREWALLED_PORT))
                .wasDelivered())
                .hasMessageContaining("to be delivered to a socket within 300 ms, but it did not")
                .hasMessageContaining("DROPPED: NETFILTER_DROP at ");
        assertThatThrownBy(() -> assertThat(trace).within(SHORT).packet(udp().to(server.ipv4(), FIREWALLED_PORT))
                .reached(Tracepoint.NETIF_RECEIVE_SKB).inNetns(client.namespace()))
                .hasMessageContaining("to reach netif_receive_skb in netns " + client.namespace().name())
                .hasMessageMatching("(?s).*netif_receive_skb +netns " + server.namespace().name() + " .*");
    }

    @Test
    void whenNoPacketMatchesTheFailureListsWhatWasTraced(PacketTrace trace) throws Exception {
        send(CLOSED_PORT);
        assertThat(trace).packet(udp().toPort(CLOSED_PORT)).wasDropped();

        assertThatThrownBy(() -> assertThat(trace).within(SHORT).packet(udp().to("10.211.1.99", 53)).wasDropped())
                .hasMessageContaining("Expecting the udp packet to 10.211.1.99:53 to be dropped within 300 ms, "
                        + "but no traced packet matched it. The trace recorded")
                .hasMessageContaining("->10.211.1.2:" + CLOSED_PORT + "(udp)");
        assertThatThrownBy(() -> assertThat(trace).within(SHORT).packet(icmp()).wasDropped())
                .hasMessageContaining("Expecting the icmp packet to be dropped");
    }

    @Test
    void functionAssertionsOnATracepointTraceSayWhatIsMissing(PacketTrace trace) throws Exception {
        send(CLOSED_PORT);

        assertThatThrownBy(() -> assertThat(trace).within(SHORT).packet(udp().toPort(CLOSED_PORT))
                .passedThrough("ip_rcv", "udp_rcv"))
                .hasMessageContaining("to pass through ip_rcv -> udp_rcv")
                .hasMessageContaining("note: this trace has no kernel functions: "
                        + "add @TracePackets(functions = \"ip_rcv|udp_rcv\")");
    }

    @Test
    @TracePackets(protocol = "udp", tracepoints = {Tracepoint.NETIF_RECEIVE_SKB, Tracepoint.KFREE_SKB})
    void assertionsNeedingAnUntracedTracepointSaySo(PacketTrace trace) throws Exception {
        send(CLOSED_PORT);

        assertThat(trace.tracepoints()).containsExactlyInAnyOrder(Tracepoint.NETIF_RECEIVE_SKB, Tracepoint.KFREE_SKB);
        assertThat(trace).packet(udp().toPort(CLOSED_PORT)).reached(Tracepoint.NETIF_RECEIVE_SKB);
        assertThatThrownBy(() -> assertThat(trace).within(SHORT).packet(udp().toPort(CLOSED_PORT)).wasDelivered())
                .hasMessageContaining("note: skb:consume_skb is not traced");
        assertThatThrownBy(() -> assertThat(trace).within(SHORT).packet(udp().toPort(CLOSED_PORT))
                .reached(Tracepoint.NET_DEV_QUEUE))
                .hasMessageContaining("note: [NET_DEV_QUEUE] not traced");
    }

    @Test
    void theTraceHoldsThisTestsEventsAndClearForgetsThem(PacketTrace trace) throws Exception {
        send(CLOSED_PORT);
        assertThat(trace).packet(udp().toPort(CLOSED_PORT)).wasDropped();
        assertThat(trace.events()).isNotEmpty()
                .allSatisfy(e -> assertThat(e.tuple().protocolName()).isEqualTo("udp"));

        trace.clear();

        assertThat(trace.events()).isEmpty();
        assertThatThrownBy(() -> assertThat(trace).within(SHORT).packet(udp().toPort(CLOSED_PORT)).wasDropped())
                .hasMessageContaining("The trace recorded 0 events");
    }

    private static void send(int port) throws Exception {
        client.namespace().run(() -> {
            try (DatagramChannel channel = DatagramChannel.open()) {
                channel.send(ByteBuffer.wrap("vista".getBytes()), new InetSocketAddress(server.ipv4(), port));
            }
        });
    }
}
