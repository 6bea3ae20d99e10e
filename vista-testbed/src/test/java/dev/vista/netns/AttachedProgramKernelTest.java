package dev.vista.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The test programs do what they say, attached with tc and ip as users attach theirs (TC and XDP
 * programs load and attach on our machines' kernel too), and closing detaches them.
 */
@Tag("kernel")
class AttachedProgramKernelTest {
    private static final int SUBNET = 237;
    private static final int OTHER_PORT = 7004;
    private ClientServer net;
    private NetworkNamespace server;
    private String serverIf;

    @BeforeEach
    void createNamespaces() {
        net = ClientServer.create(SUBNET);
        server = net.server().namespace();
        serverIf = net.server().ifname();
    }

    @AfterEach
    void removeNamespaces() {
        net.close();
    }

    @Test
    void dropIcmpDropsPingsButNotDatagramsUntilClosed() throws Exception {
        try (AttachedProgram program = server.attachTc(serverIf, AttachedProgram.Direction.INGRESS,
                TestProgram.DROP_ICMP)) {
            assertThat(ping().exitCode()).as("ping while attached").isNotZero();
            assertThat(sendAndReceive(OTHER_PORT, OTHER_PORT)).isEqualTo("hello");
            assertThat(server.exec("tc", "filter", "show", "dev", serverIf, "ingress").orThrow().stdout())
                    .contains("name " + TestProgram.DROP_ICMP.kernelName());
            assertThat(program.toString()).contains("DROP_ICMP on " + serverIf);
        }

        ping().orThrow();
        assertThat(server.exec("tc", "qdisc", "show", "dev", serverIf).orThrow().stdout()).doesNotContain("clsact");
    }

    @Test
    void onEgressItSeesWhatTheDeviceSends() {
        NetworkNamespace client = net.client().namespace();
        try (AttachedProgram _ = client.attachTc(net.client().ifname(), AttachedProgram.Direction.EGRESS,
                TestProgram.DROP_ICMP)) {
            assertThat(ping().exitCode()).as("ping while attached on the client's egress").isNotZero();
            assertThat(client.exec("tc", "filter", "show", "dev", net.client().ifname(), "egress").orThrow().stdout())
                    .contains("name " + TestProgram.DROP_ICMP.kernelName());
        }

        ping().orThrow();
    }

    @Test
    void rewriteUdpPortDeliversDatagramsToTheOtherPort() throws Exception {
        try (AttachedProgram _ = server.attachTc(serverIf, AttachedProgram.Direction.INGRESS,
                TestProgram.REWRITE_UDP_PORT)) {
            assertThat(sendAndReceive(TestProgram.REWRITE_FROM_PORT, TestProgram.REWRITE_TO_PORT))
                    .as("sent to %d, received on %d", TestProgram.REWRITE_FROM_PORT, TestProgram.REWRITE_TO_PORT)
                    .isEqualTo("hello");
            assertThat(server.exec("tc", "filter", "show", "dev", serverIf, "ingress").orThrow().stdout())
                    .contains("name " + TestProgram.REWRITE_UDP_PORT.kernelName() + " ")
                    .doesNotContain(TestProgram.REWRITE_UDP_PORT.function());
        }

        assertThat(sendAndReceive(TestProgram.REWRITE_FROM_PORT, TestProgram.REWRITE_FROM_PORT)).isEqualTo("hello");
    }

    @Test
    void xdpDropUdpPortDropsDatagramsToThatPortOnly() throws Exception {
        try (AttachedProgram _ = server.attachXdp(serverIf, TestProgram.XDP_DROP_UDP_PORT)) {
            assertThat(sendAndReceive(TestProgram.XDP_DROP_PORT, TestProgram.XDP_DROP_PORT)).as("dropped").isNull();
            assertThat(sendAndReceive(OTHER_PORT, OTHER_PORT)).isEqualTo("hello");
            assertThat(server.exec("ip", "link", "show", "dev", serverIf).orThrow().stdout())
                    .contains("name " + TestProgram.XDP_DROP_UDP_PORT.kernelName());
        }

        assertThat(server.exec("ip", "link", "show", "dev", serverIf).orThrow().stdout()).doesNotContain("prog/xdp");
        assertThat(sendAndReceive(TestProgram.XDP_DROP_PORT, TestProgram.XDP_DROP_PORT)).isEqualTo("hello");
    }

    @Test
    void aProgramOfTheOtherHookIsRefused() {
        assertThatThrownBy(() -> server.attachXdp(serverIf, TestProgram.DROP_ICMP))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("DROP_ICMP is a TC program, not XDP");
    }

    @Test
    void kernelNamesAreTheFirstFifteenCharacters() {
        assertThat(TestProgram.DROP_ICMP.kernelName()).isEqualTo("drop_icmp");
        assertThat(TestProgram.REWRITE_UDP_PORT.kernelName()).isEqualTo("rewrite_udp_por");
    }

    private CommandResult ping() {
        return net.client().namespace().exec("ping", "-4", "-c1", "-W1", net.server().ipv4().getHostAddress());
    }

    /** Sends "hello" from the client to the server at port {@code to}; what its socket on {@code on} got, or null. */
    private String sendAndReceive(int to, int on) throws Exception {
        try (DatagramChannel receiver = server.call(() -> DatagramChannel.open()
                .bind(new InetSocketAddress(net.server().ipv4(), on)))) {
            net.client().namespace().run(() -> {
                try (DatagramChannel sender = DatagramChannel.open()) {
                    sender.send(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)),
                            new InetSocketAddress(net.server().ipv4(), to));
                }
            });
            receiver.socket().setSoTimeout(1_000);
            DatagramPacket packet = new DatagramPacket(new byte[16], 16);
            try {
                receiver.socket().receive(packet);
            } catch (SocketTimeoutException e) {
                return null;
            }
            return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
        }
    }
}
