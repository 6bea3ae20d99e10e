package dev.vista.examples.echo;

import static dev.vista.assertj.PacketSpec.udp;
import static dev.vista.assertj.VistaAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.DropReason;
import dev.vista.event.Tracepoint;
import dev.vista.junit.PacketTrace;
import dev.vista.junit.TracePackets;
import dev.vista.netns.IptablesRule;
import dev.vista.netns.ClientServer;
import dev.vista.netns.VethEnd;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The worked example of vista-junit: a UDP echo service in a "server" namespace, a client in another, a
 * firewall rule on the server, and assertions on what the kernel did with each datagram.
 */
@Tag("kernel")
@TracePackets(protocol = "udp")
class UdpEchoServerKernelTest {
    private static final int ECHO_PORT = 7007;
    private static final int BLOCKED_PORT = 7008;
    @AutoClose
    private static ClientServer net;
    @AutoClose
    private static UdpEchoServer echo;
    @AutoClose
    private static UdpEchoServer blocked;
    @AutoClose
    private static IptablesRule firewall;
    private static VethEnd client;
    private static VethEnd server;

    @BeforeAll
    static void startTheServiceBehindItsFirewall() throws Exception {
        net = ClientServer.create(213);
        client = net.client();
        server = net.server();
        echo = server.namespace().call(() -> UdpEchoServer.start(new InetSocketAddress(server.ipv4(), ECHO_PORT)));
        blocked = server.namespace().call(() -> UdpEchoServer.start(new InetSocketAddress(server.ipv4(), BLOCKED_PORT)));
        firewall = server.namespace().addIptablesRule("filter", "INPUT",
                "-p", "udp", "--dport", String.valueOf(BLOCKED_PORT), "-j", "DROP");
    }

    @Test
    void theFirewallDropsTheBlockedPortAndPassesTheEchoPort(PacketTrace trace) throws Exception {
        assertThat(ask(ECHO_PORT, "ping")).contains("ping");
        assertThat(ask(BLOCKED_PORT, "ping")).isEmpty();

        assertThat(trace).packet(udp().to(server.ipv4(), BLOCKED_PORT))
                .wasDropped().withReason(DropReason.NETFILTER_DROP);
        assertThat(trace).packet(udp().to(server.ipv4(), ECHO_PORT))
                .wasNotDropped()
                .reached(Tracepoint.NETIF_RECEIVE_SKB).inNetns(server.namespace());
        assertThat(trace).lost().isZero();
    }

    @Test
    void theReplyLeavesTheServerAndArrivesAtTheClient(PacketTrace trace) throws Exception {
        assertThat(ask(ECHO_PORT, "hello")).contains("hello");

        var reply = udp().from(server.ipv4(), ECHO_PORT).to(client.ipv4());
        assertThat(trace).packet(reply)
                .reached(Tracepoint.NET_DEV_QUEUE).inNetns(server.namespace()).on(server.ifname());
        assertThat(trace).packet(reply)
                .reached(Tracepoint.NETIF_RECEIVE_SKB).inNetns(client.namespace()).on(client.ifname());
        assertThat(trace).packet(reply).wasNotDropped();
    }

    /** Sends {@code text} from the client namespace and returns the echo, or empty if none came within 1 s. */
    private static Optional<String> ask(int port, String text) throws Exception {
        return client.namespace().call(() -> {
            try (DatagramChannel channel = DatagramChannel.open()) {
                channel.connect(new InetSocketAddress(server.ipv4(), port));
                channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                channel.socket().setSoTimeout(1000);
                byte[] answer = new byte[512];
                DatagramPacket packet = new DatagramPacket(answer, answer.length);
                channel.socket().receive(packet);
                return Optional.of(new String(answer, 0, packet.getLength(), StandardCharsets.UTF_8));
            } catch (SocketTimeoutException noAnswer) {
                return Optional.empty();
            }
        });
    }
}
