package example;

import static dev.vista.assertj.PacketSpec.udp;
import static dev.vista.assertj.VistaAssertions.assertThat;

import dev.vista.event.DropReason;
import dev.vista.junit.PacketTrace;
import dev.vista.junit.TracePackets;
import dev.vista.netns.ClientServer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

@TracePackets(protocol = "udp")
class ClosedPortTest {
    @AutoClose
    static ClientServer net = ClientServer.create(240);   // two namespaces and a veth, removed after

    @Test
    void aDatagramToAClosedPortIsDroppedForLackOfASocket(PacketTrace trace) throws Exception {
        var server = net.server();
        net.client().namespace().run(() -> {
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.send(new DatagramPacket(new byte[] {1}, 1, new InetSocketAddress(server.ipv4(), 9)));
            }
        });

        assertThat(trace).packet(udp().to(server.ipv4(), 9)).wasDropped().withReason(DropReason.NO_SOCKET);
        assertThat(trace).lost().isZero();
    }
}
