package dev.vista.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.netns.Testbed;
import dev.vista.netns.VethEnd;
import dev.vista.netns.VethEndSpec;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The socket flags of {@code vista} for real: one connection between namespaces, the first line it prints. */
@Tag("kernel")
class VistaSocketsKernelTest {
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
        String line = firstLine(8390, "--filter-trace-tcp", "--output-tcp");

        assertThat(line).contains(" tcp_close ", "10.215.9.1:", "->10.215.9.2:8390(tcp) connected lifetime=",
                " rx=0 tx=5 srtt=", " reset=none state=FIN_WAIT2");
    }

    @Test
    void socketTracingPrintsTheFirstStateChangeWithTheSockFields() throws Exception {
        String line = firstLine(8391, "--filter-trace-sk", "--output-sk", "--filter-port", "8391");

        assertThat(line).contains(" inet_sock_set_state ", "->10.215.9.2:8391(tcp) CLOSE->SYN_SENT", " state=CLOSE",
                " type=STREAM socket_state=SS_", " inode=");
    }

    /** Runs vista with {@code flags} in the client namespace until it printed one event, during one connection. */
    private static String firstLine(int port, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of(flags));
        args.addAll(List.of("--filter-netns", client.namespace().path().toString(), "--output-limit-lines", "1"));
        VistaRun vista = VistaRun.start(args);
        StringWriter out = vista.out();
        StringWriter err = vista.err();
        CompletableFuture<Integer> exit = vista.exit();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!out.toString().contains("FUNC") && !exit.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(out.toString()).as("header once tracing runs; stderr: %s", err).contains("FUNC");

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

        assertThat(exit.get(10, TimeUnit.SECONDS)).as("exit code; stderr: %s", err).isZero();
        List<String> lines = out.toString().lines().skip(1).toList();
        assertThat(lines).hasSize(1);
        return lines.getFirst();
    }
}
