package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.Traffic.TcpConversation;
import dev.vista.Traffic.TcpEnding;
import dev.vista.event.TcpConnectionEvent;
import dev.vista.event.TcpDirection;
import dev.vista.event.TcpReset;
import dev.vista.netns.ClientServer;
import dev.vista.netns.VethEnd;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * TCP lifetime on the real kernel's tracepoints: connections between two namespaces, short and
 * long, clean and reset, IPv4 and IPv6; the numbers reported are checked against what the test
 * sent, received and waited.
 */
@Tag("kernel")
class TcpLifetimeKernelTest {
    private static final long OUR_PID = ProcessHandle.current().pid();
    @AutoClose
    private static ClientServer net;
    private static VethEnd client;
    private static VethEnd server;
    private final EventRecorder<TcpConnectionEvent> recorder = new EventRecorder<>();
    private Tracer tracer;

    @BeforeAll
    static void createTestbed() {
        net = ClientServer.create(215);
        client = net.client();
        server = net.server();
    }

    @AfterEach
    void closeTracer() throws Exception {
        OurBpfPrograms.closeExpectingNoneLeft(tracer);
    }

    private void start(TracerBuilder builder) {
        tracer = builder.onTcpConnection(recorder).start();
    }

    private static byte[] bytes(int n) {
        byte[] data = new byte[n];
        Arrays.fill(data, (byte) 'v');
        return data;
    }

    private TcpConnectionEvent awaitEnd(String side, VethEnd end, int localPort) throws InterruptedException {
        return recorder.await("for the " + side + " end (local port " + localPort + ")",
                e -> e.netns() == end.namespace().inode() && e.tuple().sourcePort() == localPort);
    }

    @Test
    void cleanConnectionReportsBothEndsWithTheBytesLifetimeAndProcess() throws Exception {
        start(Tracer.builder().traceTcpLifetime());
        Duration hold = Duration.ofMillis(300);

        TcpConversation talk = Traffic.tcpConversation(client.namespace(), server.namespace(), server.ipv4(), 8301,
                bytes(1000), bytes(2500), hold, TcpEnding.CLEAN);

        TcpConnectionEvent out = awaitEnd("client", client, talk.clientPort());
        assertThat(out.direction()).isEqualTo(TcpDirection.CONNECTED);
        assertThat(out.tuple().source()).isEqualTo(client.ipv4());
        assertThat(out.tuple().destination()).isEqualTo(server.ipv4());
        assertThat(out.tuple().destinationPort()).isEqualTo(8301);
        assertThat(out.tuple().protocol()).isEqualTo(6);
        assertThat(out.bytesSent()).isEqualTo(1000);
        assertThat(out.bytesReceived()).isEqualTo(2500);
        assertThat(out.lifetime()).isGreaterThanOrEqualTo(hold).isLessThanOrEqualTo(talk.elapsed());
        assertThat(out.reset()).isEqualTo(TcpReset.NONE);
        assertThat(out.pid()).isEqualTo(OUR_PID);
        assertThat(out.comm()).isNotEmpty();
        assertThat(out.congestion()).isNotEmpty().doesNotContain("\0");
        assertThat(out.srttMicros()).isPositive().isLessThan(hold.toNanos() / 1000);
        assertThat(out.retransmits()).isZero();
        assertThat(out.lastState()).isEqualTo("FIN_WAIT2");

        TcpConnectionEvent in = awaitEnd("server", server, 8301);
        assertThat(in.direction()).isEqualTo(TcpDirection.ACCEPTED);
        assertThat(in.tuple().destination()).isEqualTo(client.ipv4());
        assertThat(in.tuple().destinationPort()).isEqualTo(talk.clientPort());
        assertThat(in.bytesReceived()).isEqualTo(1000);
        assertThat(in.bytesSent()).isEqualTo(2500);
        assertThat(in.lifetime()).isGreaterThanOrEqualTo(hold).isLessThanOrEqualTo(talk.elapsed());
        assertThat(in.reset()).isEqualTo(TcpReset.NONE);
        assertThat(in.pid()).as("the process that closed the accepted connection").isEqualTo(OUR_PID);
        assertThat(in.lastState()).isEqualTo("LAST_ACK");
        assertThat(in.congestion()).isEqualTo(out.congestion());
    }

    @Test
    void serverClosingWithUnreadDataResetsAndBothEndsSayWhichSide() throws Exception {
        start(Tracer.builder().traceTcpLifetime().filterNetns(server.namespace().path()));

        TcpConversation talk = Traffic.tcpConversation(client.namespace(), server.namespace(), server.ipv4(), 8302,
                bytes(10), bytes(20), Duration.ZERO, TcpEnding.SERVER_RESETS);

        TcpConnectionEvent in = awaitEnd("server", server, 8302);
        assertThat(in.reset()).isEqualTo(TcpReset.SENT);
        assertThat(in.wasReset()).isTrue();
        assertThat(in.pid()).as("the process whose close() sent the reset").isEqualTo(OUR_PID);
        assertThat(in.lastState()).isEqualTo("ESTABLISHED");
        assertThat(in.bytesReceived()).as("the request and the unread byte").isEqualTo(11);
        assertThat(in.bytesSent()).isEqualTo(20);
        assertThat(in.tuple().destinationPort()).isEqualTo(talk.clientPort());
        // The netns filter keeps the client's end out.
        assertThat(recorder.events()).allSatisfy(e -> assertThat(e.netns()).isEqualTo(server.namespace().inode()));
    }

    @Test
    void peerResetIsReportedAsReceived() throws Exception {
        start(Tracer.builder().traceTcpLifetime().filterNetns(client.namespace().path()));

        TcpConversation talk = Traffic.tcpConversation(client.namespace(), server.namespace(), server.ipv4(), 8303,
                bytes(10), bytes(20), Duration.ZERO, TcpEnding.SERVER_RESETS);

        TcpConnectionEvent out = awaitEnd("client", client, talk.clientPort());
        assertThat(out.reset()).isEqualTo(TcpReset.RECEIVED);
        assertThat(out.bytesSent()).as("the request and the byte the server never read").isEqualTo(11);
        assertThat(out.bytesReceived()).isEqualTo(20);
    }

    @Test
    void refusedConnectionIsReportedAsResetInSynSent() throws Exception {
        start(Tracer.builder().traceTcpLifetime().filterPort(8304));

        client.namespace().run(() -> {
            try (SocketChannel refused = SocketChannel.open()) {
                refused.connect(new InetSocketAddress(server.ipv4(), 8304));
                throw new AssertionError("nothing listens on 8304, yet connect succeeded");
            } catch (ConnectException expected) {
                // Connection refused: the server's kernel answered the SYN with a reset.
            }
        });

        TcpConnectionEvent out = recorder.await("for the refused connection", e -> e.tuple().destinationPort() == 8304);
        assertThat(out.direction()).isEqualTo(TcpDirection.CONNECTED);
        assertThat(out.reset()).isEqualTo(TcpReset.RECEIVED);
        assertThat(out.lastState()).isEqualTo("SYN_SENT");
        assertThat(out.bytesSent()).isZero();
        assertThat(out.bytesReceived()).isZero();
    }

    @Test
    void lifetimeFilterKeepsOnlyConnectionsThatLivedLongEnough() throws Exception {
        Duration atLeast = Duration.ofMillis(400);
        start(Tracer.builder().traceTcpLifetime().filterTcpLifetime(atLeast).filterNetns(client.namespace().path()));

        TcpConversation shortOne = Traffic.tcpConversation(client.namespace(), server.namespace(), server.ipv4(),
                8305, bytes(1), bytes(1), Duration.ZERO, TcpEnding.CLEAN);
        TcpConversation longOne = Traffic.tcpConversation(client.namespace(), server.namespace(), server.ipv4(),
                8306, bytes(1), bytes(1), Duration.ofMillis(600), TcpEnding.CLEAN);

        TcpConnectionEvent kept = awaitEnd("client of the long connection", client, longOne.clientPort());
        assertThat(kept.lifetime()).isGreaterThanOrEqualTo(atLeast);
        assertThat(shortOne.elapsed()).as("the short connection really was short").isLessThan(atLeast);
        assertThat(recorder.events()).as("only the long connection").singleElement()
                .satisfies(e -> assertThat(e.tuple().destinationPort()).isEqualTo(8306));
    }

    @Test
    void ipv6ConnectionCarriesIpv6Addresses() throws Exception {
        start(Tracer.builder().traceTcpLifetime().filterAddress(server.ipv6()));

        TcpConversation talk = Traffic.tcpConversation(client.namespace(), server.namespace(), server.ipv6(), 8307,
                bytes(64), bytes(128), Duration.ofMillis(50), TcpEnding.CLEAN);

        TcpConnectionEvent out = awaitEnd("client", client, talk.clientPort());
        assertThat(out.tuple().isIpv6()).isTrue();
        assertThat(out.tuple().source()).isEqualTo(client.ipv6());
        assertThat(out.tuple().destination()).isEqualTo((InetAddress) server.ipv6());
        assertThat(out.bytesSent()).isEqualTo(64);
        assertThat(out.bytesReceived()).isEqualTo(128);
    }
}
