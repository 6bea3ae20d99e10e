package dev.vista.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.netns.Testbed;
import dev.vista.netns.VethEnd;
import dev.vista.netns.VethEndSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code vista --filter-trace-tcp --output-tcp} for real: one connection between namespaces, one line. */
@Tag("kernel")
class VistaTcpKernelTest {
    @Test
    void printsTheEndOfAConnectionWithItsCounters() throws Exception {
        try (Testbed bed = Testbed.builder().veth(VethEndSpec.of("clitcpa", "10.215.9.1/24", "fd00:215:9::1/64"),
                VethEndSpec.of("clitcpb", "10.215.9.2/24", "fd00:215:9::2/64")).build()) {
            VethEnd client = bed.veth(0).a();
            VethEnd server = bed.veth(0).b();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            var cli = VistaCommand.commandLine(new StopRequest());
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("--filter-trace-tcp",
                    "--output-tcp", "--filter-netns", client.namespace().path().toString(), "--output-limit-lines", "1"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!out.toString().contains("FUNC") && !exit.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(out.toString()).as("header once tracing runs; stderr: %s", err).contains("FUNC");

            try (ServerSocketChannel listener = server.namespace().call(() -> ServerSocketChannel.open()
                    .bind(new InetSocketAddress(server.ipv4(), 8390)))) {
                SocketChannel connection = client.namespace().call(() -> SocketChannel.open(
                        new InetSocketAddress(server.ipv4(), 8390)));
                try (SocketChannel accepted = listener.accept()) {
                    connection.write(ByteBuffer.wrap("hello".getBytes()));
                    accepted.read(ByteBuffer.allocate(5));
                    connection.close();
                }
            }

            assertThat(exit.get(10, TimeUnit.SECONDS)).as("exit code; stderr: %s", err).isZero();
            assertThat(out.toString().lines().skip(1)).singleElement().asString()
                    .contains(" tcp_close ", "10.215.9.1:", "->10.215.9.2:8390(tcp) connected lifetime=",
                            " rx=0 tx=5 srtt=", " reset=none state=FIN_WAIT2");
        }
    }
}
