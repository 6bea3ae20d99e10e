package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.Traffic.TcpConversation;
import dev.vista.Traffic.TcpEnding;
import dev.vista.event.DropReason;
import dev.vista.event.TcpConnectionEvent;
import dev.vista.event.TraceEvent;
import dev.vista.jfr.PacketDropEvent;
import dev.vista.jfr.TcpConnectionEndEvent;
import dev.vista.netns.ClientServer;
import dev.vista.netns.VethEnd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK Flight Recorder events, written by a real recording of real traffic between namespaces and read back with
 * {@link RecordingFile}, as JMC and {@code jfr print} read them.
 */
@Tag("kernel")
class JfrEventsKernelTest {
    private static final int CLOSED_PORT = 9;
    private static final int TCP_PORT = 8391;
    @AutoClose
    private static ClientServer net;
    private static VethEnd client;
    private static VethEnd server;
    @TempDir
    private Path dir;
    private Tracer tracer;

    @BeforeAll
    static void createTestbed() {
        net = ClientServer.create(239);
        client = net.client();
        server = net.server();
    }

    @AfterEach
    void closeTracer() throws Exception {
        OurBpfPrograms.closeExpectingNoneLeft(tracer);
    }

    @Test
    void aDroppedDatagramIsRecordedWithItsReasonAndTupleAndNothingElseIs() throws Exception {
        EventRecorder<TraceEvent> seen = new EventRecorder<>();
        List<RecordedEvent> recorded;
        try (Recording recording = new Recording()) {
            recording.enable(PacketDropEvent.NAME);
            recording.start();
            Instant started = Instant.now();
            tracer = Tracer.builder().traceSkb().filterNetns(server.namespace().inode()).filterProtocol(Protocol.UDP)
                    .onEvent(e -> {
                        PacketDropEvent.record(e);
                        seen.accept(e);
                    })
                    .start();

            Traffic.sendUdp(client.namespace(), server.ipv4(), CLOSED_PORT);
            TraceEvent drop = seen.await("kfree_skb of the datagram", TraceEvent::isDrop);
            tracer.close();
            recording.stop();
            Path file = dump(recording);
            recorded = RecordingFile.readAllEvents(file);
            assertThat(jfrPrint(file)).as("the JDK's jfr tool reads it").contains(PacketDropEvent.NAME)
                    .contains("reason = \"NO_SOCKET\"", "destinationPort = " + CLOSED_PORT);

            assertThat(seen.events()).as("events besides the drop, which JFR must not get")
                    .anyMatch(e -> !e.isDrop());
            assertThat(recorded).as("one JFR event per drop the tracer delivered")
                    .hasSize((int) seen.events().stream().filter(TraceEvent::isDrop).count());
            RecordedEvent event = recorded.getFirst();
            assertThat(event.getString("reason")).isEqualTo(DropReason.NO_SOCKET);
            assertThat(event.getString("protocol")).isEqualTo("udp");
            assertThat(event.getString("sourceAddress")).isEqualTo(client.ipv4().getHostAddress());
            assertThat(event.getString("destinationAddress")).isEqualTo(server.ipv4().getHostAddress());
            assertThat(event.getInt("destinationPort")).isEqualTo(CLOSED_PORT);
            assertThat(event.getString("interfaceName")).isEqualTo(server.ifname());
            assertThat(event.getLong("networkNamespace")).isEqualTo(server.namespace().inode());
            assertThat(event.getLong("skb")).isEqualTo(drop.skb());
            assertThat(event.getString("location")).isEqualTo(drop.location()).isNotEmpty();
            assertThat(event.getInstant("kernelTime")).isBetween(started.minusMillis(1), event.getStartTime());
            assertThat(event.getThread().getJavaName()).as("committed on the poller thread")
                    .isNotEqualTo(Thread.currentThread().getName());
        }
    }

    @Test
    void aTcpConnectionsEndIsRecordedWithItsPeersBytesAndLifetime() throws Exception {
        EventRecorder<TcpConnectionEvent> seen = new EventRecorder<>();
        try (Recording recording = new Recording()) {
            recording.enable(TcpConnectionEndEvent.NAME);
            recording.start();
            tracer = Tracer.builder().traceTcpLifetime().filterNetns(client.namespace().path())
                    .onTcpConnection(e -> {
                        TcpConnectionEndEvent.record(e);
                        seen.accept(e);
                    })
                    .start();

            TcpConversation talk = Traffic.tcpConversation(client.namespace(), server.namespace(), server.ipv4(),
                    TCP_PORT, new byte[700], new byte[1900], Duration.ofMillis(100), TcpEnding.CLEAN);
            TcpConnectionEvent end = seen.await("the client's end", e -> e.tuple().sourcePort() == talk.clientPort());
            tracer.close();
            recording.stop();

            assertThat(RecordingFile.readAllEvents(dump(recording))).singleElement().satisfies(event -> {
                assertThat(event.getString("localAddress")).isEqualTo(client.ipv4().getHostAddress());
                assertThat(event.getInt("localPort")).isEqualTo(talk.clientPort());
                assertThat(event.getInt("remotePort")).isEqualTo(TCP_PORT);
                assertThat(event.getString("direction")).isEqualTo("CONNECTED");
                assertThat(event.getLong("bytesSent")).isEqualTo(700);
                assertThat(event.getLong("bytesReceived")).isEqualTo(1900);
                assertThat(event.getDuration("lifetime")).isEqualTo(end.lifetime())
                        .isGreaterThanOrEqualTo(Duration.ofMillis(100));
                assertThat(event.getString("reset")).isEqualTo("NONE");
            });
        }
    }

    private Path dump(Recording recording) throws Exception {
        Path file = Files.createTempFile(dir, "vista", ".jfr");
        recording.dump(file);
        return file;
    }

    /** {@code jfr print} of the JDK running the test, over {@code file}. */
    private static String jfrPrint(Path file) throws Exception {
        Path jfr = Path.of(System.getProperty("java.home"), "bin", "jfr");
        Process print = new ProcessBuilder(jfr.toString(), "print", "--events", PacketDropEvent.NAME, file.toString())
                .redirectErrorStream(true).start();
        String output = new String(print.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(print.waitFor()).as("jfr print's exit status, output: %s", output).isZero();
        return output;
    }
}
