package dev.vista.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.netns.Testbed;
import dev.vista.netns.VethEnd;
import dev.vista.netns.VethEndSpec;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The socket flags of {@code vista} for real: one connection between namespaces, the first line it prints. */
@Tag("kernel")
class VistaSocketsKernelTest {
    // SKB/SK, CPU and PROCESS, right-aligned, up to FUNC.
    private static final String COLUMNS = " *0x\\p{XDigit}+ +\\d+ +\\[.+\\(\\d+\\)] +";

    @AutoClose
    private static Testbed bed;
    private static VethEnd client;
    private static VethEnd server;

    @BeforeAll
    static void createTestbed() {
        bed = Testbed.builder().veth(VethEndSpec.of("clisocka", "10.215.9.1/24", "fd00:215:9::1/64"),
                VethEndSpec.of("clisockb", "10.215.9.2/24", "fd00:215:9::2/64")).build();
        client = bed.veth(0).a();
        server = bed.veth(0).b();
    }

    @Test
    void tcpLifetimePrintsTheEndOfAConnectionWithItsCounters() throws Exception {
        String event = firstEvent(8390, "--filter-trace-tcp", "--output-tcp");

        assertThat(event).matches(COLUMNS + "TCP 10\\.215\\.9\\.1:\\d+->10\\.215\\.9\\.2:8390\\(tcp\\)\n"
                + "TCP: rx=0B tx=5B lifetime=[0-9.]+(ms|\u00b5s|s) srtt=[0-9.]+(ms|\u00b5s) retrans=0 sk_mark=0x0"
                + " cong=\\w+ connected last_state=FIN_WAIT2\n");
    }

    @Test
    void socketTracingPrintsTheFirstStateChangeWithTheSockFields() throws Exception {
        String event = firstEvent(8391, "--filter-trace-sk", "--output-sk", "--filter-port", "8391");

        assertThat(event).matches(COLUMNS + "inet_sock_set_state"
                + " 10\\.215\\.9\\.1:\\d+->10\\.215\\.9\\.2:8391\\(tcp\\) CLOSE->SYN_SENT\n"
                + "SOCK: skc_state=CLOSE skc_reuseport=false skc_bound_ifindex=0 sk_backlog=0 sk_rcv_buff=\\d+"
                + " sk_snd_buff=\\d+ sk_priority=0 sk_mark=0x0 sk_type=SOCK_STREAM\n"
                + "SOCKET: socket_state=(UNCONNECTED|CONNECTING) socket_file_inode=[1-9]\\d* socket_flags=\\d+\n");
    }

    /**
     * Runs vista with {@code flags} in the client namespace until it printed one event, during one connection;
     * returns the event's lines (vista prints TCP and sock details on lines of their own).
     */
    private static String firstEvent(int port, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of(flags));
        args.addAll(List.of("--filter-netns", client.namespace().path().toString(), "--output-limit-lines", "1"));
        VistaRun vista = VistaRun.start(args.toArray(String[]::new)).awaitHeader();

        try (ServerSocketChannel listener = server.namespace().call(() -> ServerSocketChannel.open()
                .bind(new InetSocketAddress(server.ipv4(), port)))) {
            SocketChannel connection = client.namespace().call(() -> SocketChannel.open(
                    new InetSocketAddress(server.ipv4(), port)));
            try (SocketChannel accepted = listener.accept()) {
                connection.write(ByteBuffer.wrap("hello".getBytes()));
                accepted.read(ByteBuffer.allocate(5));
                connection.close();
            }
        }

        return String.join("\n", vista.linesAfterExit(10)) + "\n";
    }
}
