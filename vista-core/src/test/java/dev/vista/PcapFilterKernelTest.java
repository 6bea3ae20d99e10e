package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import dev.vista.event.Tuple;
import dev.vista.netns.Testbed;
import dev.vista.netns.VethEnd;
import dev.vista.netns.VethEndSpec;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * pcap-filter expressions and the task/socket/ICMP filters on real traffic between namespaces: the
 * traffic that must not match is sent first, so by the time the matching packet's event arrives,
 * any event of the others would have arrived before it.
 */
@Tag("kernel")
class PcapFilterKernelTest {
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
                .veth(VethEndSpec.of("pclient", "10.204.1.1/24", "fd00:204:1::1/64"),
                        VethEndSpec.of("pserver", "10.204.1.2/24", "fd00:204:1::2/64"))
                .veth(VethEndSpec.of("pclient", "10.204.2.1/24", "fd00:204:2::1/64"),
                        VethEndSpec.of("pother", "10.204.2.2/24", "fd00:204:2::2/64"))
                .build();
        client = bed.veth(0).a();
        server = bed.veth(0).b();
        clientToOther = bed.veth(1).a();
        other = bed.veth(1).b();
    }

    @AfterEach
    void closeTracer() throws Exception {
        OurBpfPrograms.closeExpectingNoneLeft(tracer);
    }

    private void start(TracerBuilder builder) {
        tracer = builder.onEvent(recorder).start();
    }

    @Test
    void anExpressionSelectsExactlyTheFlowToOneHostAndPort() throws Exception {
        String host = server.ipv4().getHostAddress();
        start(Tracer.builder().traceSkb().filter("udp and dst port 5101 and host " + host));

        Traffic.sendUdp(client.namespace(), server.ipv4(), 5102);
        Traffic.sendUdp(clientToOther.namespace(), other.ipv4(), 5101);
        client.namespace().exec("ping", "-c", "1", "-W", "2", host).orThrow();
        Traffic.sendUdp(client.namespace(), server.ipv4(), 5101);

        recorder.await("the datagram to the server's port 5101 arriving",
                e -> e.tracepoint() == Tracepoint.NETIF_RECEIVE_SKB && e.netns() == server.namespace().inode());
        recorder.await("the same datagram leaving the client",
                e -> e.tracepoint() == Tracepoint.NET_DEV_START_XMIT && e.netns() == client.namespace().inode());
        assertThat(recorder.events()).allSatisfy(e -> {
            assertThat(e.tuple().protocol()).isEqualTo(Tuple.IPPROTO_UDP);
            assertThat(e.tuple().destinationPort()).isEqualTo(5101);
            assertThat(e.tuple().destination()).isEqualTo(server.ipv4());
        });
    }

    @Test
    void tcpFlagsOverIpv6SelectOnlyTheHandshakesSyns() throws Exception {
        start(Tracer.builder().traceSkb().filterNetns(server.namespace().path())
                .filter("ip6 and tcp port 8443 and ip6[40 + 13] & tcp-syn != 0")); // libpcap's tcp[] is IPv4 only
        try (ServerSocketChannel listener = server.namespace().call(() -> ServerSocketChannel.open()
                .bind(new InetSocketAddress(server.ipv6(), 8443)))) {
            client.namespace().run(() -> {
                try (SocketChannel socket = SocketChannel.open(new InetSocketAddress(server.ipv6(), 8443))) {
                    socket.write(java.nio.ByteBuffer.wrap("hello".getBytes()));
                }
            });
            listener.accept().close();
        }
        recorder.await("the SYN arriving", e -> e.tracepoint() == Tracepoint.NETIF_RECEIVE_SKB
                && e.tuple().tcpFlagNames().equals("S"));
        recorder.await("the SYN-ACK leaving", e -> e.tracepoint() == Tracepoint.NET_DEV_START_XMIT
                && e.tuple().tcpFlagNames().equals("S."));
        assertThat(recorder.events()).allSatisfy(e -> {
            assertThat(e.tuple().isIpv6()).isTrue();
            assertThat(e.tuple().tcpFlagNames()).startsWith("S");
            assertThat(List.of(e.tuple().sourcePort(), e.tuple().destinationPort())).contains(8443);
        });
    }

    @Test
    void anExpressionCombinesWithTheNamespaceFilter() throws Exception {
        start(Tracer.builder().traceSkb().filterNetns(server.namespace().path())
                .filter("icmp[icmptype] == icmp-echo"));

        clientToOther.namespace().exec("ping", "-c", "1", "-W", "2", other.ipv4().getHostAddress()).orThrow();
        client.namespace().exec("ping", "-c", "1", "-W", "2", server.ipv4().getHostAddress()).orThrow();

        recorder.await("the echo request arriving in the server namespace",
                e -> e.tracepoint() == Tracepoint.NETIF_RECEIVE_SKB);
        assertThat(recorder.events()).allSatisfy(e -> {
            assertThat(e.netns()).isEqualTo(server.namespace().inode());
            assertThat(e.tuple().icmpType()).isEqualTo(8);
        });
    }

    @Test
    void skMarkSelectsThePacketsOfTheMarkedSocket() throws Exception {
        start(Tracer.builder().traceSkb().filterSkMark(0x4242));

        client.namespace().exec("ping", "-c", "1", "-W", "2", "-m", "17", server.ipv4().getHostAddress()).orThrow();
        client.namespace().exec("ping", "-c", "1", "-W", "2", "-m", String.valueOf(0x4242), server.ipv4().getHostAddress())
                .orThrow();

        // ping -m marks its socket and so the skbs it sends; the reply is matched when it reaches that socket.
        TraceEvent request = recorder.await("the marked echo request leaving",
                e -> e.tracepoint() == Tracepoint.NET_DEV_START_XMIT && e.mark() == 0x4242);
        recorder.await("the reply reaching the marked socket",
                e -> e.tracepoint() == Tracepoint.SKB_COPY_DATAGRAM_IOVEC && e.tuple().icmpType() == 0);
        assertThat(recorder.events()).allSatisfy(e -> assertThat(e.tuple().icmpId())
                .as("the ICMP id of the marked ping session, not the other's").isEqualTo(request.tuple().icmpId()));
    }

    @Test
    void icmpIdSelectsOnePingSession() throws Exception {
        start(Tracer.builder().traceSkb().filterIcmpId(0x4711));

        client.namespace().exec("ping", "-c", "1", "-W", "2", "-e", "4000", server.ipv4().getHostAddress()).orThrow();
        client.namespace().exec("ping", "-c", "1", "-W", "2", "-e", String.valueOf(0x4711),
                server.ipv6().getHostAddress()).orThrow();

        recorder.await("the ICMPv6 echo reply arriving back", e -> e.tracepoint() == Tracepoint.NETIF_RECEIVE_SKB
                && e.netns() == client.namespace().inode() && e.tuple().icmpType() == 129);
        assertThat(recorder.events()).allSatisfy(e -> {
            assertThat(e.tuple().icmpId()).isEqualTo(0x4711);
            assertThat(e.tuple().protocol()).isEqualTo(Tuple.IPPROTO_ICMPV6);
        });
    }

    @Test
    void commAndPidSelectTheSendingProcess() throws Exception {
        start(Tracer.builder().traceSkb().filterComm("ping").filterProtocol(Protocol.ICMP));
        Traffic.sendUdp(client.namespace(), server.ipv4(), 5103);
        client.namespace().exec("ping", "-c", "1", "-W", "2", server.ipv4().getHostAddress()).orThrow();
        recorder.await("the echo request sent by ping", e -> e.tracepoint() == Tracepoint.NET_DEV_START_XMIT);
        assertThat(recorder.events()).allSatisfy(e -> assertThat(e.comm()).isEqualTo("ping"));
        tracer.close();
        assertThat(OurBpfPrograms.awaitNone()).isEmpty();

        // ip netns exec and sh exec into ping: the process started here is the one that sends.
        Process ping = new ProcessBuilder("ip", "netns", "exec", client.namespace().name(), "sh", "-c",
                "sleep 1; exec ping -c 1 -W 2 " + server.ipv4().getHostAddress()).start();
        EventRecorder<TraceEvent> ofPid = new EventRecorder<>();
        tracer = Tracer.builder().traceSkb().filterPid((int) ping.pid()).onEvent(ofPid).start();
        client.namespace().exec("ping", "-c", "1", "-W", "2", server.ipv4().getHostAddress()).orThrow();
        assertThat(ping.waitFor()).isZero();
        ofPid.await("the echo request of that process", e -> e.tracepoint() == Tracepoint.NET_DEV_START_XMIT);
        assertThat(ofPid.events()).allSatisfy(e -> assertThat(e.pid()).isEqualTo(ping.pid()));
    }
}
