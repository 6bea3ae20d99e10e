package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.DropReason;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import dev.vista.event.Tuple;
import dev.vista.netns.Testbed;
import dev.vista.netns.VethEnd;
import dev.vista.netns.VethEndSpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The tracepoint backend on the real kernel: traffic between namespaces this test creates, events
 * checked field by field. A "client" namespace is joined to a "server" and to an "other" namespace.
 */
@Tag("kernel")
class SkbTracingKernelTest {
    private static final int DROPPED_PORT = 7777;
    private static final int IPPROTO_FRAGMENT = 44;
    @AutoClose
    private static Testbed bed;
    private static VethEnd client;
    private static VethEnd server;
    private static VethEnd clientToOther;
    private static VethEnd other;
    private final EventRecorder<TraceEvent> recorder = new EventRecorder<>();
    private Tracer tracer;

    @BeforeAll
    static void createTestbed() {
        bed = Testbed.builder()
                .veth(VethEndSpec.of("client", "10.201.1.1/24", "fd00:201:1::1/64"),
                        VethEndSpec.of("server", "10.201.1.2/24", "fd00:201:1::2/64"))
                .veth(VethEndSpec.of("client", "10.201.2.1/24", "fd00:201:2::1/64"),
                        VethEndSpec.of("other", "10.201.2.2/24", "fd00:201:2::2/64"))
                .build();
        client = bed.veth(0).a();
        server = bed.veth(0).b();
        clientToOther = bed.veth(1).a();
        other = bed.veth(1).b();
        server.namespace().iptables("-A", "INPUT", "-p", "udp", "--dport", String.valueOf(DROPPED_PORT), "-j", "DROP")
                .orThrow();
    }


    @AfterEach
    void closeTracer() throws Exception {
        OurBpfPrograms.closeExpectingNoneLeft(tracer);
    }

    private void start(TracerBuilder builder) {
        tracer = builder.onEvent(recorder).start();
    }

    @Test
    void pingAcrossTheVethIsSeenInTheReceivingNamespaceWithItsInterfaceAndTuple() throws Exception {
        start(Tracer.builder().traceSkb().filterNetns(server.namespace().path()).filterProtocol(Protocol.ICMP));

        client.namespace().exec("ping", "-c", "1", "-W", "2", server.ipv4().getHostAddress()).orThrow();

        TraceEvent received = recorder.await("netif_receive_skb of the echo request in the server namespace",
                e -> e.tracepoint() == Tracepoint.NETIF_RECEIVE_SKB && e.tuple() != null && e.tuple().icmpType() == 8);
        assertThat(received.netns()).isEqualTo(server.namespace().inode());
        assertThat(received.ifname()).isEqualTo(server.ifname());
        assertThat(received.ifindex()).isEqualTo(server.ifindex());
        assertThat(received.protocol()).isEqualTo(0x0800);
        Tuple tuple = received.tuple();
        assertThat(tuple.source()).isEqualTo(client.ipv4());
        assertThat(tuple.destination()).isEqualTo(server.ipv4());
        assertThat(tuple.protocol()).isEqualTo(Tuple.IPPROTO_ICMP);
        assertThat(tuple.icmpSequence()).isEqualTo(1);
        recorder.await("the echo reply leaving the server",
                e -> e.tracepoint() == Tracepoint.NET_DEV_START_XMIT && e.tuple() != null && e.tuple().icmpType() == 0
                        && e.tuple().source().equals(server.ipv4()));
        assertThat(recorder.events()).allSatisfy(e -> assertThat(e.netns()).isEqualTo(server.namespace().inode()));
        // Closed, the tracer delivers no more: its count and the recorder's cannot race (an event counted
        // but still on its way to the sink).
        tracer.close();
        assertThat(tracer.stats().delivered()).isEqualTo(recorder.events().size());
        assertThat(tracer.stats().lost()).isZero();
    }

    @Test
    void udpToAClosedPortIsDroppedForNoSocket() throws Exception {
        start(Tracer.builder().traceSkb().filterNetns(server.namespace().path()).filterProtocol(Protocol.UDP)
                .filterSkbDropStack(true));

        Traffic.sendUdp(client.namespace(), server.ipv4(), 9);

        TraceEvent drop = recorder.await("kfree_skb of the datagram to port 9",
                e -> e.tracepoint() == Tracepoint.KFREE_SKB && e.tuple().destinationPort() == 9);
        assertThat(drop.dropReason().name()).isEqualTo(DropReason.NO_SOCKET);
        assertThat(drop.tuple().source()).isEqualTo(client.ipv4());
        assertThat(drop.tuple().destination()).isEqualTo(server.ipv4());
        assertThat(drop.tuple().protocol()).isEqualTo(Tuple.IPPROTO_UDP);
        assertThat(drop.location()).as("the function that dropped it").isNotBlank();
        assertThat(drop.stack()).as("drop stack").extracting(f -> f.symbol())
                .anySatisfy(symbol -> assertThat(symbol).startsWith("__udp4_lib_rcv"));
    }

    @Test
    void udpOverIpv6ToAClosedPortIsDroppedWithTheIpv6Tuple() throws Exception {
        start(Tracer.builder().traceSkb().filterNetns(server.namespace().path()).filterProtocol(Protocol.UDP));

        Traffic.sendUdp(client.namespace(), server.ipv6(), 10);

        TraceEvent drop = recorder.await("kfree_skb of the IPv6 datagram to port 10",
                e -> e.tracepoint() == Tracepoint.KFREE_SKB && e.tuple().destinationPort() == 10);
        assertThat(drop.dropReason().name()).isEqualTo(DropReason.NO_SOCKET);
        assertThat(drop.protocol()).isEqualTo(0x86dd);
        assertThat(drop.tuple().isIpv6()).isTrue();
        assertThat(drop.tuple().source()).isEqualTo(client.ipv6());
        assertThat(drop.tuple().destination()).isEqualTo(server.ipv6());
    }

    @Test
    void theIcmpHeaderIsFoundAfterIpv4Options() throws Exception {
        start(Tracer.builder().traceSkb().filterNetns(server.namespace().path()).filterProtocol(Protocol.ICMP));

        // -R (record route) puts 40 bytes of options in the IPv4 header: ICMP starts at 60, not 20.
        client.namespace().exec("ping", "-R", "-c", "1", "-W", "2", server.ipv4().getHostAddress()).orThrow();

        TraceEvent received = recorder.await("netif_receive_skb of the echo request with options",
                e -> e.tracepoint() == Tracepoint.NETIF_RECEIVE_SKB && e.tuple() != null && e.tuple().icmpType() == 8);
        assertThat(received.len()).as("IPv4 header with options + ICMP + ping's 56 bytes").isEqualTo(60 + 8 + 56);
        assertThat(received.tuple().icmpCode()).isZero();
        assertThat(received.tuple().icmpSequence()).isEqualTo(1);
    }

    @Test
    void ipv6FragmentsShowThePortsAfterTheFragmentHeaderAndNoneAfterTheFirst() throws Exception {
        start(Tracer.builder().traceSkb().filterNetns(server.namespace().path()).filterAddress(client.ipv6()));

        Traffic.sendUdp(client.namespace(), server.ipv6(), 11, new byte[3000]);

        TraceEvent first = recorder.await("netif_receive_skb of the first fragment",
                e -> e.tracepoint() == Tracepoint.NETIF_RECEIVE_SKB && e.tuple().protocol() == Tuple.IPPROTO_UDP);
        assertThat(first.tuple().destinationPort()).isEqualTo(11);
        assertThat(first.len()).as("one fragment, not the datagram").isLessThan(1500);
        TraceEvent later = recorder.await("netif_receive_skb of a later fragment",
                e -> e.tracepoint() == Tracepoint.NETIF_RECEIVE_SKB && e.tuple().protocol() == IPPROTO_FRAGMENT);
        assertThat(later.tuple().destinationPort()).as("no L4 header in a later fragment").isZero();
        TraceEvent reassembled = recorder.await("kfree_skb of the reassembled datagram (no socket on port 11)",
                e -> e.tracepoint() == Tracepoint.KFREE_SKB && e.tuple().protocol() == Tuple.IPPROTO_UDP);
        assertThat(reassembled.tuple().destinationPort()).isEqualTo(11);
    }

    @Test
    void anIptablesDropIsANetfilterDrop() throws Exception {
        start(Tracer.builder().traceSkb().filterNetns(server.namespace().path()).filterPort(DROPPED_PORT));

        Traffic.sendUdp(client.namespace(), server.ipv4(), DROPPED_PORT);

        TraceEvent drop = recorder.await("kfree_skb of the datagram to the dropped port",
                e -> e.tracepoint() == Tracepoint.KFREE_SKB);
        assertThat(drop.dropReason().name()).isEqualTo(DropReason.NETFILTER_DROP);
        assertThat(drop.tuple().destinationPort()).isEqualTo(DROPPED_PORT);
        assertThat(drop.tuple().source()).isEqualTo(client.ipv4());
    }

    @Test
    void tcpConnectionShowsTheHandshakeFlags() throws Exception {
        start(Tracer.builder().traceSkb().filterNetns(server.namespace().path()).filterProtocol(Protocol.TCP)
                .filterPort(8080));
        try (ServerSocketChannel listener = server.namespace().call(() -> ServerSocketChannel.open()
                .bind(new InetSocketAddress(server.ipv4(), 8080)))) {
            client.namespace().run(() -> {
                try (SocketChannel socket = SocketChannel.open(new InetSocketAddress(server.ipv4(), 8080))) {
                    socket.write(ByteBuffer.wrap("hello".getBytes()));
                }
            });
            listener.accept().close();
        }
        recorder.await("the SYN arriving", e -> e.tracepoint() == Tracepoint.NETIF_RECEIVE_SKB
                && e.tuple().tcpFlagNames().equals("S") && e.tuple().destinationPort() == 8080);
        recorder.await("the SYN-ACK leaving", e -> e.tracepoint() == Tracepoint.NET_DEV_START_XMIT
                && e.tuple().tcpFlagNames().equals("S.") && e.tuple().sourcePort() == 8080);
    }

    @Test
    void portFilterExcludesOtherPorts() throws Exception {
        start(Tracer.builder().traceSkb().filterPort(5001));

        Traffic.sendUdp(client.namespace(), server.ipv4(), 5002);
        Traffic.sendUdp(client.namespace(), server.ipv4(), 5001);

        recorder.await("the datagram to port 5001", e -> e.tuple() != null && e.tuple().destinationPort() == 5001);
        assertThat(recorder.events()).allSatisfy(e -> assertThat(List.of(e.tuple().sourcePort(),
                e.tuple().destinationPort())).contains(5001));
    }

    @Test
    void addressFilterExcludesOtherHosts() throws Exception {
        start(Tracer.builder().traceSkb().filterAddress(other.ipv4().getHostAddress()).filterProtocol(Protocol.UDP));

        Traffic.sendUdp(client.namespace(), server.ipv4(), 5003);
        Traffic.sendUdp(clientToOther.namespace(), other.ipv4(), 5003);

        recorder.await("the datagram to the other host", e -> e.tuple().destination().equals(other.ipv4()));
        assertThat(recorder.events()).allSatisfy(e -> assertThat(List.of(e.tuple().source(),
                e.tuple().destination())).contains(other.ipv4()));
    }

    @Test
    void protocolFilterExcludesOtherProtocols() throws Exception {
        start(Tracer.builder().traceSkb().filterNetns(server.namespace().path()).filterProtocol(Protocol.UDP));

        client.namespace().exec("ping", "-c", "1", "-W", "2", server.ipv4().getHostAddress()).orThrow();
        Traffic.sendUdp(client.namespace(), server.ipv4(), 5004);

        recorder.await("the UDP datagram", e -> e.tuple().destinationPort() == 5004);
        assertThat(recorder.events()).allSatisfy(e -> assertThat(e.tuple().protocol()).isEqualTo(Tuple.IPPROTO_UDP));
    }

    @Test
    void netnsAndIfnameFiltersExcludeOtherNamespacesAndInterfaces() throws Exception {
        start(Tracer.builder().traceSkb().filterNetns(other.namespace().inode()).filterIfname(other.ifname()));

        Traffic.sendUdp(client.namespace(), server.ipv4(), 5005);
        Traffic.sendUdp(clientToOther.namespace(), other.ipv4(), 5005);

        recorder.await("the datagram in the other namespace", e -> e.tuple().destination().equals(other.ipv4()));
        assertThat(recorder.events()).allSatisfy(e -> {
            assertThat(e.netns()).isEqualTo(other.namespace().inode());
            assertThat(e.ifname()).isEqualTo(other.ifname());
        });
    }

    @Test
    void markFilterKeepsOnlyMarkedPackets() throws Exception {
        client.namespace().iptables("-t", "mangle", "-A", "OUTPUT", "-p", "udp", "--dport", "5006",
                "-j", "MARK", "--set-mark", "0x42").orThrow();
        try {
            start(Tracer.builder().traceSkb().filterNetns(client.namespace().inode()).filterSkbMark(0x42));

            Traffic.sendUdp(client.namespace(), server.ipv4(), 5007);
            Traffic.sendUdp(client.namespace(), server.ipv4(), 5006);

            recorder.await("the marked datagram leaving the client", e -> e.tuple().destinationPort() == 5006);
            assertThat(recorder.events()).allSatisfy(e -> assertThat(e.mark()).isEqualTo(0x42));
        } finally {
            client.namespace().iptables("-t", "mangle", "-F", "OUTPUT").orThrow();
        }
    }

    @Test
    void outputLimitStopsDeliveringAfterTheLimit() throws Exception {
        start(Tracer.builder().traceSkb().filterNetns(server.namespace().path()).outputLimit(3));

        client.namespace().exec("ping", "-c", "3", "-i", "0.2", "-W", "2", server.ipv4().getHostAddress()).orThrow();

        assertThat(tracer.awaitLimit(java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(recorder.events()).hasSize(3);
        assertThat(tracer.stats().delivered()).isEqualTo(3);
    }
}
