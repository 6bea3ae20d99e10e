package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.Traffic.TcpConversation;
import dev.vista.Traffic.TcpEnding;
import dev.vista.event.SkTracepoint;
import dev.vista.event.SockEvent;
import dev.vista.netns.ClientServer;
import dev.vista.netns.VethEnd;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Socket tracing on the sock and tcp tracepoints of the real kernel, with the struct sock's fields. */
@Tag("kernel")
class SkTracepointsKernelTest {
    @AutoClose
    private static ClientServer net;
    private static VethEnd client;
    private static VethEnd server;
    private final EventRecorder<SockEvent> recorder = new EventRecorder<>();
    private Tracer tracer;

    @BeforeAll
    static void createTestbed() {
        net = ClientServer.create(216);
        client = net.client();
        server = net.server();
    }

    @AfterEach
    void closeTracer() throws Exception {
        OurBpfPrograms.closeExpectingNoneLeft(tracer);
    }

    private void start(TracerBuilder builder) {
        tracer = builder.onSockEvent(recorder).start();
    }

    @Test
    @SuppressWarnings("try") // the accepted socket only has to stay open while the events are checked
    void connectShowsTheStateChangesWithTheSocketsBuffersTypeAndInode() throws Exception {
        start(Tracer.builder().traceSkTracepoints().filterNetns(client.namespace().path()).filterPort(8401));

        try (ServerSocketChannel listener = server.namespace().call(() -> ServerSocketChannel.open()
                .bind(new InetSocketAddress(server.ipv4(), 8401)))) {
            SocketChannel connection = client.namespace().call(() -> {
                SocketChannel channel = SocketChannel.open();
                channel.setOption(StandardSocketOptions.SO_RCVBUF, 65536);
                channel.setOption(StandardSocketOptions.SO_SNDBUF, 65536);
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                channel.connect(new InetSocketAddress(server.ipv4(), 8401));
                return channel;
            });
            try (SocketChannel accepted = listener.accept()) {
                int localPort = ((InetSocketAddress) connection.getLocalAddress()).getPort();

                SockEvent established = recorder.await("SYN_SENT->ESTABLISHED of the client",
                        e -> e.tracepoint() == SkTracepoint.INET_SOCK_SET_STATE && "ESTABLISHED".equals(e.newState()));
                assertThat(established.oldState()).isEqualTo("SYN_SENT");
                assertThat(established.tuple().sourcePort()).isEqualTo(localPort);
                assertThat(established.tuple().destination()).isEqualTo(server.ipv4());
                assertThat(established.type()).isEqualTo("STREAM");
                assertThat(established.family()).isEqualTo("AF_INET6"); // Java's dual-stack socket
                assertThat(established.rcvbuf()).as("the kernel doubles SO_RCVBUF").isEqualTo(131072);
                assertThat(established.sndbuf()).as("the kernel doubles SO_SNDBUF").isEqualTo(131072);
                assertThat(ourSocketLinks()).as("the inode is one of this process's open sockets")
                        .contains("socket:[" + established.inode() + "]");
                assertThat(established.socketState()).isEqualTo("SS_CONNECTING");
                assertThat(established.reusePort()).as("skc_reuseport, a bitfield").isTrue();
                assertThat(established.netns()).isEqualTo(client.namespace().inode());

                SockEvent synSent = recorder.await("CLOSE->SYN_SENT", e -> "SYN_SENT".equals(e.newState()));
                assertThat(synSent.oldState()).isEqualTo("CLOSE");
                assertThat(synSent.sock()).isEqualTo(established.sock());
                connection.close();
                recorder.await("the client's FIN_WAIT1", e -> "FIN_WAIT1".equals(e.newState()));
            }
        }
    }

    @Test
    void resetsAndDestructionAreSeenOnBothSides() throws Exception {
        start(Tracer.builder().traceSkTracepoints().filterPort(8402).output(Output.STACK));

        TcpConversation talk = Traffic.tcpConversation(client.namespace(), server.namespace(), server.ipv4(), 8402,
                new byte[10], new byte[10], Duration.ZERO, TcpEnding.SERVER_RESETS);

        SockEvent sent = recorder.await("tcp_send_reset in the server namespace",
                e -> e.tracepoint() == SkTracepoint.TCP_SEND_RESET && e.netns() == server.namespace().inode());
        assertThat(sent.tuple().destinationPort()).isEqualTo(talk.clientPort());
        SockEvent received = recorder.await("tcp_receive_reset in the client namespace",
                e -> e.tracepoint() == SkTracepoint.TCP_RECEIVE_RESET);
        assertThat(received.netns()).isEqualTo(client.namespace().inode());
        assertThat(received.tuple().sourcePort()).isEqualTo(talk.clientPort());
        assertThat(received.stack()).as("the stack, read after the sock fields")
                .anySatisfy(frame -> assertThat(frame.symbol()).startsWith("tcp_"));
        recorder.await("tcp_destroy_sock of the client's socket",
                e -> e.tracepoint() == SkTracepoint.TCP_DESTROY_SOCK && e.sock() == received.sock());
    }

    /** The targets of this process's /proc/self/fd links that are sockets ("socket:[inode]"). */
    private static List<String> ourSocketLinks() throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (Exception e) {
                    return ""; // closed meanwhile (the listing's own directory fd, for one)
                }
            }).filter(link -> link.startsWith("socket:[")).toList();
        }
    }
}
