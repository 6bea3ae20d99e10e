package dev.vista.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code vista tcpw} as a user runs it: a separate JVM, the command's stdout and exit code passed through. */
@Tag("kernel")
class TcpwKernelTest {
    @Test
    void printsTheCommandsConnectionOnStderrAndPassesItsOutputAndExitCodeThrough() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            String script = "echo hello from the command; bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + port + "'; exit 3";
            Process vista = VistaProcess.of("tcpw", "--", "sh", "-c", script).start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(vista.getErrorStream()));
            String out = read(vista.getInputStream());

            assertThat(vista.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(vista.exitValue()).as("the command's exit code; stderr: %s", err.get()).isEqualTo(3);
            assertThat(out).as("the command's stdout, untouched").isEqualTo("hello from the command\n");
            List<String> sockets = err.get().lines().filter(line -> line.startsWith("pid=")).toList();
            assertThat(sockets).singleElement().asString().matches(
                    "pid=\\d+ comm=bash af=AF_INET proto=TCP 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:" + port);
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
