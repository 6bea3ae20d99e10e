package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.event.SocketCall;
import dev.vista.event.SocketEvent;
import dev.vista.internal.kernel.CgroupV2;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tcpw for real: commands that connect, accept and send over TCP, UDP and Unix sockets (a small C
 * program, socket_child.c, does each as plain syscalls), on loopback; the test JVM and a process it
 * starts outside the command use sockets at the same time and must never appear.
 */
@Tag("kernel")
class CommandTracingKernelTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final long OUR_PID = ProcessHandle.current().pid();
    @TempDir
    static Path tools;
    private static String child;
    private final List<SocketEvent> sockets = new CopyOnWriteArrayList<>();
    @TempDir
    Path dir;

    @BeforeAll
    static void compileSocketChild() throws Exception {
        Path source = tools.resolve("socket_child.c");
        try (InputStream in = CommandTracingKernelTest.class.getResourceAsStream("socket_child.c")) {
            Files.copy(in, source);
        }
        child = tools.resolve("socket_child").toString();
        Process gcc = new ProcessBuilder("gcc", "-O2", "-o", child, source.toString()).redirectErrorStream(true).start();
        String out = new String(gcc.getInputStream().readAllBytes());
        assertThat(gcc.waitFor()).as("gcc: %s", out).isZero();
    }

    @AfterEach
    void nothingLeftBehind() throws Exception {
        assertThat(OurBpfPrograms.awaitNone()).as("BPF programs left").isEmpty();
        try (var cgroups = Files.list(CgroupV2.mountPoint())) {
            assertThat(cgroups.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("vista-cmd-"));
        }
    }

    private int run(CommandTracing tracing) throws InterruptedException {
        return tracing.onSocket(sockets::add).run();
    }

    private static ServerSocketChannel listener() throws IOException {
        return ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
    }

    private static int port(ServerSocketChannel listener) throws IOException {
        return ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    @Test
    void tcpConnectOfTheCommandIsReportedAndTheTestsOwnConnectionsAreNot() throws Exception {
        try (ServerSocketChannel listener = listener()) {
            int port = port(listener);
            Thread unrelated = Thread.ofPlatform().start(() -> unrelatedTraffic(port));

            int exit = run(Tracer.traceCommand(List.of(child, "tcp", "127.0.0.1", String.valueOf(port))));
            unrelated.join();

            assertThat(exit).isZero();
            assertThat(sockets).singleElement().satisfies(s -> {
                assertThat(s.call()).isEqualTo(SocketCall.CONNECT);
                assertThat(s.family()).isEqualTo("AF_INET");
                assertThat(s.protocol()).isEqualTo("TCP");
                assertThat(s.type()).isEqualTo("STREAM");
                assertThat(s.comm()).isEqualTo("socket_child");
                assertThat(s.remote()).isEqualTo(new InetSocketAddress(LOOPBACK, port));
                assertThat(s.local().getAddress()).isEqualTo(LOOPBACK);
                assertThat(s.local().getPort()).isPositive();
                assertThat(s.pid()).isNotEqualTo((int) OUR_PID);
            });
        }
    }

    /** Connections made at the same time by this JVM and by a process outside the command. */
    private static void unrelatedTraffic(int port) {
        try {
            for (int i = 0; i < 5; i++) {
                try (SocketChannel c = SocketChannel.open(new InetSocketAddress(LOOPBACK, port))) {
                    c.finishConnect();
                }
                Process outsider = new ProcessBuilder(child, "tcp", "127.0.0.1", String.valueOf(port)).start();
                outsider.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void ipv6ConnectShowsIpv6Addresses() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("::1", 0))) {
            int exit = run(Tracer.traceCommand(List.of(child, "tcp", "::1", String.valueOf(port(listener)))));

            assertThat(exit).isZero();
            assertThat(sockets).singleElement().satisfies(s -> {
                assertThat(s.family()).isEqualTo("AF_INET6");
                assertThat(s.remote()).isEqualTo(new InetSocketAddress("::1", port(listener)));
            });
        }
    }

    @Test
    void udpIsReportedOnlyWhenAskedOncePerDestinationAndConnectedUdpToo() throws Exception {
        try (DatagramChannel receiver = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
            String port = String.valueOf(((InetSocketAddress) receiver.getLocalAddress()).getPort());

            assertThat(run(Tracer.traceCommand(List.of(child, "udp", "127.0.0.1", port))))
                    .as("exit without -U").isZero();
            assertThat(sockets).as("UDP is not reported by default").isEmpty();

            assertThat(run(Tracer.traceCommand(List.of(child, "udp", "127.0.0.1", port)).udp())).isZero();
            assertThat(sockets).as("two sendto()s to one destination: one report").singleElement().satisfies(s -> {
                assertThat(s.call()).isEqualTo(SocketCall.SEND);
                assertThat(s.protocol()).isEqualTo("UDP");
                assertThat(s.remote().getPort()).isEqualTo(Integer.parseInt(port));
            });
            sockets.clear();

            assertThat(run(Tracer.traceCommand(List.of(child, "udp-connect", "127.0.0.1", port)).udp().tcp(false)))
                    .isZero();
            assertThat(sockets).singleElement().satisfies(s -> {
                assertThat(s.call()).isEqualTo(SocketCall.CONNECT);
                assertThat(s.protocol()).isEqualTo("UDP");
                assertThat(s.remote().getPort()).isEqualTo(Integer.parseInt(port));
            });
        }
    }

    @Test
    @SuppressWarnings("try") // the listener only has to be bound while the child connects
    void unixStreamAndDatagramSocketsShowTheirPath() throws Exception {
        Path stream = dir.resolve("stream.sock");
        Path datagram = dir.resolve("dgram.sock");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)
                .bind(UnixDomainSocketAddress.of(stream))) {
            String script = child + " unix-stream " + stream + " && " + child + " unix-dgram " + datagram;

            int exit = run(Tracer.traceCommand(List.of("sh", "-c", script)).unix().tcp(false));

            assertThat(exit).isZero();
            assertThat(sockets).hasSize(2).allSatisfy(s -> assertThat(s.family()).isEqualTo("AF_UNIX"));
            assertThat(sockets.get(0)).satisfies(s -> {
                assertThat(s.call()).isEqualTo(SocketCall.CONNECT);
                assertThat(s.type()).isEqualTo("STREAM");
                assertThat(s.path()).isEqualTo(stream.toString());
            });
            assertThat(sockets.get(1)).satisfies(s -> {
                assertThat(s.call()).isEqualTo(SocketCall.SEND);
                assertThat(s.type()).isEqualTo("DGRAM");
                assertThat(s.path()).isEqualTo(datagram.toString());
            });
        }
    }

    @Test
    void anAcceptedConnectionIsReportedWithItsPeer() throws Exception {
        Path ready = dir.resolve("listening");
        int port = freePort();
        Thread client = Thread.ofPlatform().start(() -> {
            try {
                while (!Files.exists(ready)) {
                    Thread.sleep(10);
                }
                try (SocketChannel c = SocketChannel.open(new InetSocketAddress(LOOPBACK, port))) {
                    c.finishConnect();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        int exit = run(Tracer.traceCommand(List.of(child, "accept", "127.0.0.1", String.valueOf(port),
                ready.toString())));
        client.join();

        assertThat(exit).isZero();
        assertThat(sockets).as("the accept only: this JVM's connect is not the command's")
                .singleElement().satisfies(s -> {
                    assertThat(s.call()).isEqualTo(SocketCall.ACCEPT);
                    assertThat(s.local()).isEqualTo(new InetSocketAddress(LOOPBACK, port));
                    assertThat(s.remote().getAddress()).isEqualTo(LOOPBACK);
                });
    }

    private static int freePort() throws IOException {
        try (ServerSocketChannel probe = listener()) {
            return port(probe);
        }
    }

    @Test
    void grandchildrenForkedByAShellAreFollowed() throws Exception {
        try (ServerSocketChannel listener = listener();
                DatagramChannel receiver = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
            String tcp = child + " tcp 127.0.0.1 " + port(listener);
            String udp = child + " udp 127.0.0.1 " + ((InetSocketAddress) receiver.getLocalAddress()).getPort();
            // A background subshell forks a grandchild, whose shell forks a great-grandchild.
            String script = "(" + tcp + ") & sh -c '" + udp + " & wait' & wait";

            int exit = run(Tracer.traceCommand(List.of("sh", "-c", script)).udp());

            assertThat(exit).isZero();
            assertThat(sockets).extracting(SocketEvent::protocol).containsExactlyInAnyOrder("TCP", "UDP");
            assertThat(sockets).extracting(SocketEvent::comm).containsOnly("socket_child");
            assertThat(sockets).extracting(SocketEvent::pid).doesNotHaveDuplicates();
        }
    }

    @Test
    void exitCodeOfTheCommandIsReturned() throws Exception {
        assertThat(run(Tracer.traceCommand(List.of("sh", "-c", "exit 7")))).isEqualTo(7);
        assertThat(run(Tracer.traceCommand(List.of("/no/such/program")))).isEqualTo(127);
        assertThat(sockets).isEmpty();
    }

    @Test
    void badRequestsFailBeforeAnythingRuns() {
        assertThatThrownBy(() -> Tracer.traceCommand(List.of())).isInstanceOf(InvalidPlanException.class)
                .hasMessageContaining("no command");
        assertThatThrownBy(() -> Tracer.traceCommand(List.of("true")).run()).isInstanceOf(InvalidPlanException.class)
                .hasMessageContaining("onSocket");
        assertThatThrownBy(() -> Tracer.traceCommand(List.of("true")).tcp(false).onSocket(s -> { }).run())
                .isInstanceOf(InvalidPlanException.class).hasMessageContaining("no kind of socket");
    }
}
