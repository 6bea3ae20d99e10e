package dev.vista.assertj;

import static dev.vista.assertj.NetfilterSpec.netfilter;
import static dev.vista.assertj.PacketSpec.udp;
import static dev.vista.assertj.VistaAssertions.assertThat;
import static dev.vista.event.NetfilterHook.INPUT;
import static dev.vista.event.NetfilterHook.OUTPUT;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.junit.PacketTrace;
import dev.vista.junit.TracePackets;
import dev.vista.netns.ClientServer;
import dev.vista.netns.VethEnd;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The netfilter assertions on real UDP traffic: the server's namespace drops a port with iptables; what the
 * assertions accept, and what their failures show (the verdicts and the packet's path).
 */
@Tag("kernel")
@TracePackets(protocol = "udp", netfilter = true)
class NetfilterAssertionsKernelTest {
    private static final int FIREWALLED_PORT = 7101;
    private static final int OPEN_PORT = 7102;
    private static final Duration SHORT = Duration.ofMillis(300);
    @AutoClose
    private static ClientServer net;
    private static VethEnd client;
    private static VethEnd server;

    @BeforeAll
    static void createTestbed() {
        net = ClientServer.create(219);
        client = net.client();
        server = net.server();
        server.namespace().iptables("-A", "INPUT", "-p", "udp", "--dport", String.valueOf(FIREWALLED_PORT), "-j", "DROP")
                .orThrow();
        client.namespace().iptables("-A", "OUTPUT", "-p", "udp", "-j", "ACCEPT").orThrow();
    }

    @Test
    void aFirewalledDatagramWasDroppedByTheServersFilterTableAtInput(PacketTrace trace) throws Exception {
        send(FIREWALLED_PORT);

        assertThat(trace).packet(udp().to(server.ipv4(), FIREWALLED_PORT))
                .wasDroppedBy(netfilter().table("filter").hook(INPUT))
                .passedNetfilter(netfilter().table("filter").chain("OUTPUT").hook(OUTPUT));
    }

    @Test
    void aDatagramToAnOpenPortPassedTheFilterTable(PacketTrace trace) throws Exception {
        send(OPEN_PORT);

        assertThat(trace).packet(udp().to(server.ipv4(), OPEN_PORT)).passedNetfilter(netfilter().table("filter").hook(INPUT));
    }

    @Test
    void aWrongExpectationFailsWithTheVerdictsAndThePath(PacketTrace trace) throws Exception {
        send(FIREWALLED_PORT);
        assertThat(trace).packet(udp().to(server.ipv4(), FIREWALLED_PORT)).wasDroppedBy(netfilter().hook(INPUT));

        assertThatThrownBy(() -> assertThat(trace).within(SHORT).packet(udp().to(server.ipv4(), FIREWALLED_PORT))
                .passedNetfilter(netfilter().table("filter").hook(INPUT)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the udp packet to " + server.ipv4().getHostAddress() + ":"
                        + FIREWALLED_PORT + " to pass netfilter table filter at INPUT within 300 ms, but it was not. "
                        + "Netfilter verdicts on it:")
                .hasMessageMatching("(?s).*filter/INPUT INPUT PF_INET priority 0: DROP after \\d+ ns, netns "
                        + server.namespace().name() + ".*")
                .hasMessageMatching("(?s).*kfree_skb +netns " + server.namespace().name() + " .*NETFILTER_DROP.*");
    }

    private static void send(int port) throws Exception {
        client.namespace().run(() -> {
            try (DatagramChannel channel = DatagramChannel.open()) {
                channel.send(ByteBuffer.wrap("vista".getBytes()), new InetSocketAddress(server.ipv4(), port));
            }
        });
    }
}
