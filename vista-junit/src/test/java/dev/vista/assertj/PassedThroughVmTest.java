package dev.vista.assertj;

import static dev.vista.assertj.PacketSpec.udp;
import static dev.vista.assertj.VistaAssertions.assertThat;
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
 * Assertions on kernel functions a packet passed (kprobe/fentry backends): our host kernel has neither, so
 * this runs inside the VM (scripts/vm-tests.sh), where Java is slow: one tracer for the class, long waits.
 */
@Tag("kernel-functions")
@TracePackets(functions = "ip_rcv|ip_local_deliver|udp_rcv|__udp_enqueue_schedule_skb", protocol = "udp",
        scope = TracePackets.Scope.CLASS, awaitMillis = 30_000)
class PassedThroughVmTest {
    private static final int PORT = 7301;
    @AutoClose
    private static ClientServer net;
    private static VethEnd client;
    private static VethEnd server;

    @BeforeAll
    static void createTestbed() {
        net = ClientServer.create(214);
        client = net.client();
        server = net.server();
    }

    @Test
    void aDatagramPassesTheReceiveFunctionsInOrderAndReachesTheSocket(PacketTrace trace) throws Exception {
        try (DatagramChannel receiver = server.namespace().call(() -> DatagramChannel.open()
                .bind(new InetSocketAddress(server.ipv4(), PORT)))) {
            client.namespace().run(() -> {
                try (DatagramChannel sender = DatagramChannel.open()) {
                    sender.send(ByteBuffer.wrap("vista".getBytes()), new InetSocketAddress(server.ipv4(), PORT));
                }
            });
            receiver.receive(ByteBuffer.allocate(64));
        }

        assertThat(trace).packet(udp().to(server.ipv4(), PORT))
                .passedThrough("ip_rcv", "ip_local_deliver", "udp_rcv")
                .wasDelivered();
        assertThatThrownBy(() -> assertThat(trace).within(Duration.ofSeconds(1)).packet(udp().to(server.ipv4(), PORT))
                .passedThrough("udp_rcv", "ip_rcv"))
                .hasMessageContaining("to pass through udp_rcv -> ip_rcv within 1000 ms, but it did not. The packet's path:")
                .hasMessageMatching("(?s).*ip_rcv +netns " + server.namespace().name() + " +veth0b .*")
                .hasMessageMatching("(?s).*udp_rcv +netns " + server.namespace().name() + " .*");
    }
}
