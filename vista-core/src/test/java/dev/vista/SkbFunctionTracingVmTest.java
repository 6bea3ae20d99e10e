package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.DropReason;
import dev.vista.event.EventSource;
import dev.vista.event.PacketStart;
import dev.vista.event.SkTracepoint;
import dev.vista.event.SockEvent;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import dev.vista.internal.kallsyms.KernelSymbols;
import dev.vista.netns.Testbed;
import dev.vista.netns.VethEnd;
import dev.vista.netns.VethEndSpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kernel-function tracing (packet and socket functions) on each backend, on real traffic between
 * namespaces. Needs kprobes,
 * kprobe-multi and fentry, which our host kernel lacks: run inside the VM (vm/, scripts/vm-tests.sh).
 */
@Tag("kernel-functions")
class SkbFunctionTracingVmTest {
    private static final int PUBLISHED_PORT = 5555;
    private static final int REAL_PORT = 6666;
    @AutoClose
    private static Testbed bed;
    private static VethEnd client;
    private static VethEnd server;
    private static InetAddress realAddress;
    private final EventRecorder<TraceEvent> recorder = new EventRecorder<>();
    private final EventRecorder<SockEvent> sockRecorder = new EventRecorder<>();
    private final List<AttachProgress> progress = new ArrayList<>();
    private Tracer tracer;

    @BeforeAll
    static void createTestbed() throws Exception {
        bed = Testbed.builder()
                .veth(VethEndSpec.of("client", "10.203.1.1/24", "fd00:203:1::1/64"),
                        VethEndSpec.of("server", "10.203.1.2/24", "fd00:203:1::2/64"))
                .build();
        client = bed.veth(0).a();
        server = bed.veth(0).b();
        realAddress = InetAddress.getByName("10.203.9.9");
        Traffic.dnat(server.namespace(), "iptables", server.ipv4(), PUBLISHED_PORT, realAddress, REAL_PORT);
    }


    @AfterEach
    void closeTracer() throws Exception {
        if (tracer != null) {
            tracer.close();
            assertThat(progress).last().satisfies(p -> {
                assertThat(p.phase()).isEqualTo(AttachProgress.Phase.DETACHING);
                assertThat(p.finished()).isTrue();
            });
        }
        assertThat(OurBpfPrograms.awaitNone()).as("programs left after close()").isEmpty();
    }

    /** A TCP connection from client to server, accepted and closed. */
    private static void connectTcp(int port) throws Exception {
        try (ServerSocketChannel listener = server.namespace().call(() -> ServerSocketChannel.open()
                .bind(new InetSocketAddress(server.ipv4(), port)))) {
            client.namespace().run(() -> SocketChannel.open(new InetSocketAddress(server.ipv4(), port)).close());
            listener.accept().close();
        }
    }

    private void start(TracerBuilder builder) {
        tracer = builder.onEvent(recorder).onSockEvent(sockRecorder).onAttachProgress(progress::add).start();
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"KPROBE_MULTI", "KPROBE", "FENTRY"})
    void pingAndTcpPassTheReceiveFunctions(Backend backend) throws Exception {
        start(Tracer.builder().traceSkbFunctions("ip_rcv|icmp_rcv|tcp_v4_rcv|ip_local_deliver").backend(backend)
                .filterNetns(server.namespace().inode()).output(Output.META, Output.TUPLE, Output.CALLER));
        assertThat(tracer.functionCount()).isEqualTo(4);
        assertThat(progress).first().satisfies(p -> assertThat(p.phase()).isEqualTo(AttachProgress.Phase.ATTACHING));
        assertThat(progress).filteredOn(p -> p.phase() == AttachProgress.Phase.ATTACHING).last()
                .satisfies(p -> assertThat(p.done()).isEqualTo(4).isEqualTo(p.total()));

        client.namespace().exec("ping", "-c", "1", "-W", "2", server.ipv4().getHostAddress()).orThrow();
        connectTcp(8080);

        TraceEvent ipRcv = recorder.await("ip_rcv of the echo request", e -> "ip_rcv".equals(e.function())
                && e.tuple() != null && e.tuple().protocol() == 1 && e.tuple().icmpType() == 8);
        assertThat(ipRcv.tracepoint()).isNull();
        assertThat(ipRcv.tuple().source()).isEqualTo(client.ipv4());
        assertThat(ipRcv.ifname()).isEqualTo(server.ifname());
        assertThat(ipRcv.caller()).as("ip_rcv's caller, stack %s", ipRcv.stack())
                .startsWith("__netif_receive_skb");
        recorder.await("icmp_rcv", e -> "icmp_rcv".equals(e.function()) && e.skb() == ipRcv.skb());
        recorder.await("tcp_v4_rcv of the SYN", e -> "tcp_v4_rcv".equals(e.function())
                && e.tuple().tcpFlagNames().equals("S"));
        assertThat(recorder.events()).allSatisfy(e -> assertThat(e.netns()).isEqualTo(server.namespace().inode()));
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"KPROBE_MULTI", "KPROBE", "FENTRY"})
    void packetsAreCapturedAtKernelFunctionsWithTheirStack(Backend backend) throws Exception {
        start(Tracer.builder().traceSkbFunctions("ip_rcv").backend(backend).filterNetns(server.namespace().inode())
                .output(Output.META, Output.TUPLE, Output.CALLER).capturePackets(128));

        client.namespace().exec("ping", "-c", "1", "-W", "2", "-p", "7669737461", server.ipv4().getHostAddress())
                .orThrow();

        TraceEvent ipRcv = recorder.await("ip_rcv of the echo request", e -> "ip_rcv".equals(e.function())
                && e.tuple() != null && e.tuple().protocol() == 1 && e.tuple().icmpType() == 8);
        assertThat(ipRcv.packet()).isNotNull();
        assertThat(ipRcv.packet().start()).isEqualTo(PacketStart.LINK_LAYER);
        ByteBuffer frame = ByteBuffer.wrap(ipRcv.packet().bytes());
        assertThat(frame.getShort(12)).as("ethertype").isEqualTo((short) 0x0800);
        assertThat(Arrays.copyOfRange(frame.array(), 14 + 12, 14 + 16)).isEqualTo(client.ipv4().getAddress());
        assertThat(HexFormat.of().formatHex(frame.array())).as("ping's payload pattern").contains("7669737461");
        assertThat(ipRcv.packet().originalLength()).isEqualTo(14 + 84);
        assertThat(ipRcv.caller()).as("the stack before the packet, %s", ipRcv.stack())
                .startsWith("__netif_receive_skb");
    }

    @Test
    void aRegexSelectsExactlyTheFunctionsItMatches() throws Exception {
        Pattern family = Pattern.compile("ip_rcv.*");
        start(Tracer.builder().traceSkbFunctions(family.pattern()).filterNetns(server.namespace().inode()));

        client.namespace().exec("ping", "-c", "1", "-W", "2", server.ipv4().getHostAddress()).orThrow();

        recorder.await("ip_rcv", e -> "ip_rcv".equals(e.function()));
        assertThat(tracer.functionCount()).isBetween(2, 10);
        assertThat(recorder.events()).allSatisfy(e -> assertThat(e.function()).matches(family));
    }

    @Test
    void aFollowedPacketIsSeenInFunctionsAfterDnat() throws Exception {
        start(Tracer.builder().traceSkbFunctions("ip_rcv|ip_local_deliver|udp_rcv|kfree_skbmem")
                .filterAddress(server.ipv4()).filterPort(PUBLISHED_PORT).filterTrackSkb(true));

        Traffic.sendUdp(client.namespace(), server.ipv4(), PUBLISHED_PORT);

        TraceEvent before = recorder.await("ip_rcv before DNAT", e -> "ip_rcv".equals(e.function()));
        TraceEvent after = recorder.await("udp_rcv after DNAT", e -> "udp_rcv".equals(e.function())
                && e.skb() == before.skb());
        assertThat(after.tuple().destination()).isEqualTo(realAddress);
        assertThat(after.tuple().destinationPort()).isEqualTo(REAL_PORT);
    }

    @Test
    void aPcapFilterAppliesOnKprobeMultiFromTheIpHeaderAndTheEthernetHeader() throws Exception {
        // ip_output runs before the L2 header exists (the IP translation); ip_rcv after it (the Ethernet one).
        start(Tracer.builder().traceSkbFunctions("ip_output|ip_rcv").backend(Backend.KPROBE_MULTI)
                .filter("udp dst port 5301 and dst host " + server.ipv4().getHostAddress()));

        Traffic.sendUdp(client.namespace(), server.ipv4(), 5302);
        Traffic.sendUdp(client.namespace(), server.ipv4(), 5301);

        recorder.await("ip_output of the datagram to 5301 in the client",
                e -> "ip_output".equals(e.function()) && e.netns() == client.namespace().inode());
        recorder.await("ip_rcv of it in the server", e -> "ip_rcv".equals(e.function()));
        assertThat(recorder.events()).allSatisfy(e -> {
            assertThat(e.tuple().destinationPort()).isEqualTo(5301);
            assertThat(e.tuple().destination()).isEqualTo(server.ipv4());
        });
    }

    @Test
    void tracepointsAndFunctionsShareOneOrderedStream() throws Exception {
        start(Tracer.builder().traceSkb().traceSkbFunctions("ip_rcv").filterNetns(server.namespace().inode())
                .filterProtocol(Protocol.UDP));

        Traffic.sendUdp(client.namespace(), server.ipv4(), 9);

        TraceEvent ipRcv = recorder.await("ip_rcv", e -> "ip_rcv".equals(e.function()));
        TraceEvent drop = recorder.await("kfree_skb", e -> e.tracepoint() == Tracepoint.KFREE_SKB);
        assertThat(drop.skb()).isEqualTo(ipRcv.skb());
        assertThat(drop.dropReason().name()).isEqualTo(DropReason.NO_SOCKET);
        assertThat(recorder.events().indexOf(drop)).isGreaterThan(recorder.events().indexOf(ipRcv));
    }

    /**
     * kprobe-multi attaches by name and names events by where its link says the kernel found each function (no
     * kallsyms read): that works only if an event's function address is that start, which kallsyms also gives.
     */
    @Test
    void kprobeMultiEventsCarryTheStartOfTheFunctionTheLinkNamesThemBy() throws Exception {
        long ipRcv = KernelSymbols.load().textAddress("ip_rcv", null).orElseThrow();
        BlockingQueue<Long> addresses = new LinkedBlockingQueue<>();
        start(Tracer.builder().traceSkbFunctions("ip_rcv").backend(Backend.KPROBE_MULTI)
                .filterNetns(server.namespace().inode()).onEventView(view -> addresses.add(view.functionAddress())));

        Traffic.sendUdp(client.namespace(), server.ipv4(), 9);

        assertThat(addresses.poll(10, TimeUnit.SECONDS)).as("ip_rcv's event").isEqualTo(ipRcv);
        assertThat(recorder.await("ip_rcv", e -> e.source() == EventSource.SKB_FUNCTION).function())
                .isEqualTo("ip_rcv");
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"KPROBE_MULTI", "KPROBE", "FENTRY"})
    void moduleFunctionsAreTracedThroughTheModulesBtf(Backend backend) throws Exception {
        // veth is a module in Debian's kernel: its functions are only in /sys/kernel/btf/veth.
        start(Tracer.builder().traceSkbFunctions("veth_xmit").kernelModules("veth").backend(backend)
                .filterAddress(server.ipv4()).filterProtocol(Protocol.ICMP));
        assertThat(tracer.functionCount()).isEqualTo(1);

        client.namespace().exec("ping", "-c", "1", "-W", "2", server.ipv4().getHostAddress()).orThrow();

        TraceEvent xmit = recorder.await("veth_xmit of the echo request", e -> "veth_xmit".equals(e.function()));
        assertThat(xmit.tuple().destination()).isEqualTo(server.ipv4());
        assertThat(xmit.ifname()).isEqualTo(client.ifname());
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"KPROBE_MULTI", "KPROBE", "FENTRY"})
    @SuppressWarnings("try") // closes the client first, inside the try, so tcp_close sees it ESTABLISHED
    void socketTracingReportsATcpConnectionsFunctionsWithTheSockFields(Backend backend) throws Exception {
        // With the sock tracepoints too: one ordered stream of SockEvents, each kind with its stack after the sock fields.
        start(Tracer.builder().traceSkFunctions("tcp_set_state|tcp_close|tcp_rcv_state_process").traceSkTracepoints()
                .backend(backend).filterNetns(client.namespace().inode()).filterPort(8081).output(Output.CALLER));
        assertThat(tracer.functionCount()).isEqualTo(3);
        int mark = 0x2a;

        try (ServerSocketChannel listener = server.namespace().call(() -> ServerSocketChannel.open()
                .bind(new InetSocketAddress(server.ipv4(), 8081)));
                NativeTcpClient connection = client.namespace().call(() -> NativeTcpClient.open()
                        .set(NativeTcpClient.SO_RCVBUF, 32768).set(NativeTcpClient.SO_SNDBUF, 65536)
                        .set(NativeTcpClient.SO_PRIORITY, 5).set(NativeTcpClient.SO_MARK, mark)
                        .connect(server.ipv4(), 8081));
                SocketChannel accepted = listener.accept()) {
            long inode = connection.inode();
            int localPort = connection.localPort();
            connection.close(); // first, so that the client's socket is still ESTABLISHED in tcp_close

            SockEvent connecting = sockRecorder.await("tcp_set_state(SYN_SENT) of the client's socket",
                    e -> "tcp_set_state".equals(e.function()) && "CLOSE".equals(e.state()));
            assertThat(connecting.tracepoint()).isNull();
            assertThat(connecting.tuple().source()).isEqualTo(client.ipv4());
            assertThat(connecting.tuple().destination()).isEqualTo(server.ipv4());
            assertThat(connecting.tuple().destinationPort()).isEqualTo(8081);
            assertThat(connecting.tuple().protocol()).isEqualTo(6);
            assertThat(connecting.inode()).as("the inode of the socket the test opened").isEqualTo(inode);
            assertThat(connecting.caller()).as("caller, stack %s", connecting.stack()).startsWith("tcp_v4_connect+");
            SockEvent entered = sockRecorder.await("inet_sock_set_state CLOSE->SYN_SENT inside tcp_set_state",
                    e -> e.tracepoint() == SkTracepoint.INET_SOCK_SET_STATE && e.sock() == connecting.sock()
                            && "SYN_SENT".equals(e.newState()));
            assertThat(entered.function()).isNull();
            assertThat(sockRecorder.events().indexOf(entered)).isGreaterThan(sockRecorder.events().indexOf(connecting));
            assertThat(entered.stack()).as("the tracepoint's stack").anySatisfy(
                    frame -> assertThat(frame.symbol()).startsWith("tcp_v4_connect+"));

            SockEvent closing = sockRecorder.await("tcp_close of the client's socket",
                    e -> "tcp_close".equals(e.function()) && e.sock() == connecting.sock());
            assertThat(closing.tuple().source()).isEqualTo(client.ipv4());
            assertThat(closing.tuple().sourcePort()).isEqualTo(localPort);
            assertThat(closing.tuple().destinationPort()).isEqualTo(8081);
            assertThat(closing.family()).isEqualTo("AF_INET");
            assertThat(closing.type()).isEqualTo("STREAM");
            assertThat(closing.state()).as("on entry to tcp_close").isEqualTo("ESTABLISHED");
            assertThat(closing.socketState()).isEqualTo("SS_CONNECTED");
            assertThat(closing.rcvbuf()).as("the kernel doubles SO_RCVBUF").isEqualTo(65536);
            assertThat(closing.sndbuf()).as("the kernel doubles SO_SNDBUF").isEqualTo(131072);
            assertThat(closing.priority()).as("SO_PRIORITY").isEqualTo(5);
            assertThat(closing.mark()).as("SO_MARK").isEqualTo(mark);
            assertThat(closing.inode()).isEqualTo(inode);
            assertThat(closing.boundIfindex()).isZero();
            assertThat(closing.caller()).as("caller, stack %s", closing.stack()).startsWith("inet_release+");
        }
        assertThat(sockRecorder.events()).allSatisfy(e -> assertThat(e.netns()).isEqualTo(client.namespace().inode()));
        assertThat(recorder.events()).as("socket events are not packet events").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"KPROBE_MULTI", "KPROBE", "FENTRY"})
    void aFunctionTracedForPacketsAndSocketsReportsBoth(Backend backend) throws Exception {
        // ip_output(struct net *, struct sock *sk, struct sk_buff *skb): a socket function at position
        // 2, a packet function at position 3; kprobe-multi attaches it once, with both in its cookie.
        start(Tracer.builder().traceSkbFunctions("ip_output").traceSkFunctions("ip_output")
                .backend(backend).filterNetns(client.namespace().inode()).filterPort(8082));
        assertThat(tracer.functionCount()).isEqualTo(2);

        connectTcp(8082);

        TraceEvent packet = recorder.await("ip_output of the SYN as a packet function",
                e -> "ip_output".equals(e.function()) && e.tuple().tcpFlagNames().equals("S"));
        assertThat(packet.source()).isEqualTo(EventSource.SKB_FUNCTION);
        assertThat(packet.tuple().destinationPort()).isEqualTo(8082);
        SockEvent socket = sockRecorder.await("ip_output of the SYN as a socket function",
                e -> "ip_output".equals(e.function()) && "SYN_SENT".equals(e.state()));
        assertThat(socket.tuple().source()).as("the client's socket").isEqualTo(client.ipv4());
        assertThat(socket.tuple().destinationPort()).isEqualTo(8082);
        assertThat(socket.type()).isEqualTo("STREAM");
        assertThat(socket.family()).isEqualTo("AF_INET6"); // Java's dual-stack socket
        assertThat(socket.inode()).isPositive();
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"KPROBE_MULTI", "KPROBE"})
    void aFunctionWhoseNameSeveralStaticFunctionsShareIsAttached(Backend backend) throws Exception {
        String shared = KernelFunctions.skbFunctionsWithSharedNames().getFirst();
        start(Tracer.builder().traceSkbFunctions(Pattern.quote(shared)).backend(backend));

        assertThat(tracer.functionCount()).as("%s attached", shared).isEqualTo(1);
        assertThat(progress).filteredOn(p -> p.phase() == AttachProgress.Phase.ATTACHING).last()
                .satisfies(p -> assertThat(p.failed()).isZero());
    }
}
