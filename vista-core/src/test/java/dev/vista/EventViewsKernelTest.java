package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.Traffic.TcpEnding;
import dev.vista.event.SkTracepoint;
import dev.vista.event.TcpDirection;
import dev.vista.event.Tracepoint;
import dev.vista.netns.ClientServer;
import dev.vista.netns.VethEnd;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Zero-copy views on real traffic: a sink that counts per destination address (an int, no InetAddress)
 * sees the datagrams the test sent each way, on the interface they arrived on; TCP connection and socket
 * views read the connection the test made.
 */
@Tag("kernel")
class EventViewsKernelTest {
    private static final int UDP_PORT = 7218;
    private static final int TCP_PORT = 8218;
    private static final int TO_SERVER = 5;
    private static final int TO_CLIENT = 3;

    private static ClientServer net;
    private static VethEnd client;
    private static VethEnd server;

    @BeforeAll
    static void createTestbed() {
        net = ClientServer.create(218);
        client = net.client();
        server = net.server();
    }

    @AfterAll
    static void removeTestbed() {
        net.close();
    }

    @AfterEach
    void nothingOfOursIsLoaded() throws Exception {
        assertThat(OurBpfPrograms.awaitNone()).as("BPF programs left behind").isEmpty();
    }

    private static int ipv4(VethEnd end) {
        return ByteBuffer.wrap(end.ipv4().getAddress()).getInt();
    }

    @Test
    void aViewSinkCountingPerDestinationAddressSeesTheDatagramsSentEachWay() throws Exception {
        // Received datagrams per destination: netif_receive_skb on the veth end the address belongs to.
        Map<Integer, Integer> received = new ConcurrentHashMap<>();
        List<String> otherDevices = new CopyOnWriteArrayList<>();
        try (Tracer tracer = Tracer.builder().traceTracepoints(Tracepoint.NETIF_RECEIVE_SKB)
                .filterProtocol(Protocol.UDP).filterPort(UDP_PORT).onEventView(view -> {
                    if (view.ipVersion() != 4) {
                        return;
                    }
                    String expected = view.destinationIpv4() == ipv4(server) ? server.ifname() : client.ifname();
                    if (!view.ifnameEquals(expected)) {
                        otherDevices.add(view.ifindex() + " for " + Integer.toHexString(view.destinationIpv4()));
                    }
                    received.merge(view.destinationIpv4(), 1, Integer::sum);
                }).start()) {
            for (int i = 0; i < TO_SERVER; i++) {
                Traffic.sendUdp(client.namespace(), server.ipv4(), UDP_PORT);
            }
            for (int i = 0; i < TO_CLIENT; i++) {
                Traffic.sendUdp(server.namespace(), client.ipv4(), UDP_PORT);
            }
            Delivered.await(tracer, TO_SERVER + TO_CLIENT);
        }

        assertThat(received).containsExactlyInAnyOrderEntriesOf(Map.of(ipv4(server), TO_SERVER, ipv4(client), TO_CLIENT));
        assertThat(otherDevices).isEmpty();
    }

    @Test
    @SuppressWarnings("try") // the tracer only has to run while the connection is made
    void connectionAndSocketViewsReadTheConnectionTheTestMade() throws Exception {
        List<String> connections = new CopyOnWriteArrayList<>();
        List<String> states = new CopyOnWriteArrayList<>();
        int request = 300;
        try (Tracer tracer = Tracer.builder().traceTcpLifetime().traceSkTracepoints().filterPort(TCP_PORT)
                .onTcpConnectionView(tcp -> {
                    if (tcp.direction() == TcpDirection.CONNECTED && tcp.header().destinationIpv4() == ipv4(server)) {
                        byte[] name = new byte[16];
                        String congestion = new String(name, 0, tcp.copyCongestion(name, 0), StandardCharsets.US_ASCII);
                        connections.add(tcp.header().destinationPort() + " sent=" + tcp.bytesSent() + " congestion "
                                + (!congestion.isEmpty() && tcp.congestionEquals(congestion) ? "named" : congestion));
                    }
                }).onSockEventView(sock -> {
                    if (sock.tracepoint() == SkTracepoint.INET_SOCK_SET_STATE && sock.header().sourceIpv4() == ipv4(client)
                            && sock.header().destinationPort() == TCP_PORT) {
                        states.add(sock.oldState() + "->" + sock.newState());
                    }
                }).start()) {
            Traffic.tcpConversation(client.namespace(), server.namespace(), server.ipv4(), TCP_PORT, new byte[request],
                    new byte[10], Duration.ZERO, TcpEnding.CLEAN);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (connections.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }

        assertThat(connections).containsExactly(TCP_PORT + " sent=" + request + " congestion named");
        // The client's socket: CLOSE -> SYN_SENT -> ESTABLISHED (TCP_* numbers 7, 2, 1).
        assertThat(states).startsWith("7->2", "2->1");
    }
}
