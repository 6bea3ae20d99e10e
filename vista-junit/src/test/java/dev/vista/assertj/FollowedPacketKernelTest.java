package dev.vista.assertj;

import static dev.vista.assertj.PacketSpec.udp;
import static dev.vista.assertj.VistaAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.DropReason;
import dev.vista.event.Tracepoint;
import dev.vista.junit.PacketTrace;
import dev.vista.junit.TracePackets;
import dev.vista.netns.ClientServer;
import dev.vista.netns.VethEnd;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Following a packet (trackSkb) through a DNAT rule whose rewritten address and port no longer match the
 * filters, on the tracepoint backend: vista-core's former SkbTrackingKernelTest, written with the extension.
 * The packet before and after DNAT is one packet, matched by either tuple.
 */
@Tag("kernel")
class FollowedPacketKernelTest {
    private static final String PUBLISHED = "10.202.1.2";
    private static final int PUBLISHED_PORT = 5555;
    private static final InetAddress REAL = InetAddress.ofLiteral("10.202.9.9");
    private static final int REAL_PORT = 6666;
    @AutoClose
    private static ClientServer net;
    private static VethEnd client;
    private static VethEnd server;

    @BeforeAll
    static void createTestbedWithDnat() {
        net = ClientServer.create(202);
        client = net.client();
        server = net.server();
        // Nothing listens on the real address, so the rewritten packet is dropped for NO_SOCKET.
        server.namespace().exec("ip", "addr", "add", REAL.getHostAddress() + "/32", "dev", "lo").orThrow();
        server.namespace().addIptablesRule("nat", "PREROUTING", "-p", "udp", "-d", PUBLISHED,
                "--dport", String.valueOf(PUBLISHED_PORT), "-j", "DNAT",
                "--to-destination", REAL.getHostAddress() + ":" + REAL_PORT);
    }

    @Test
    @TracePackets(address = PUBLISHED, port = PUBLISHED_PORT, trackSkb = true)
    void aFollowedPacketIsSeenAfterDnatRewroteItsDestination(PacketTrace trace) throws Exception {
        send();

        assertThat(trace).packet(udp().to(PUBLISHED, PUBLISHED_PORT)).wasDropped().withReason(DropReason.NO_SOCKET);
        assertThat(trace).packet(udp().to(REAL, REAL_PORT)).as("the same packet after DNAT")
                .reached(Tracepoint.NETIF_RECEIVE_SKB, Tracepoint.KFREE_SKB).inNetns(server.namespace());
        assertThat(trace.events()).filteredOn(e -> e.tracepoint() == Tracepoint.KFREE_SKB).singleElement()
                .satisfies(drop -> assertThat(drop.tuple().destination()).as("rewritten by DNAT").isEqualTo(REAL));
    }

    @Test
    @TracePackets(address = PUBLISHED, port = PUBLISHED_PORT)
    void withoutFollowingTheRewrittenPacketIsFilteredOut(PacketTrace trace) throws Exception {
        send();

        assertThat(trace).packet(udp().to(PUBLISHED, PUBLISHED_PORT))
                .reached(Tracepoint.NETIF_RECEIVE_SKB).inNetns(server.namespace());
        // The drop follows the arrival in the same softirq: half a second is ample for it to come, were it traced.
        assertThat(trace.await(events -> events.stream().filter(e -> e.tracepoint() == Tracepoint.KFREE_SKB)
                .findFirst(), Duration.ofMillis(500))).as("a drop event").isEmpty();
        assertThat(trace.events()).noneMatch(e -> e.tuple().destination().equals(REAL));
    }

    private static void send() throws Exception {
        client.namespace().run(() -> {
            try (DatagramChannel channel = DatagramChannel.open()) {
                channel.send(ByteBuffer.wrap("vista".getBytes()), new InetSocketAddress(PUBLISHED, PUBLISHED_PORT));
            }
        });
    }
}
