package example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.Tracer;
import dev.vista.event.TraceEvent;
import dev.vista.jfr.PacketDropEvent;
import dev.vista.jfr.TcpConnectionEndEvent;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's JFR example, as a user would paste it ({@link ReadmeExamplesTest} keeps them equal), in a recording. */
class ReadmeJfrExampleTest {
    private static final int CLOSED_PORT = 19;

    @Test
    void aDropOnLoopbackIsInTheRecording(@TempDir Path dir) throws Exception {
        List<TraceEvent> seen = new CopyOnWriteArrayList<>();
        Consumer<TraceEvent> mySink = seen::add;
        Path file = dir.resolve("drops.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(PacketDropEvent.NAME);
            recording.start();
            Tracer tracer = Tracer.builder().traceSkb().traceTcpLifetime()
                    .onEvent(e -> { PacketDropEvent.record(e); mySink.accept(e); })  // only drops become JFR events
                    .onTcpConnection(TcpConnectionEndEvent::record)
                    .start();
            // jcmd <pid> JFR.start   ...   jfr print --events dev.vista.PacketDrop recording.jfr
            try (tracer; DatagramSocket socket = new DatagramSocket()) {
                socket.send(new DatagramPacket(new byte[] {1}, 1,
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), CLOSED_PORT)));
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (seen.stream().noneMatch(e -> isOurDrop(e)) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            }
            recording.dump(file);
        }

        assertThat(seen).anyMatch(ReadmeJfrExampleTest::isOurDrop);
        List<RecordedEvent> drops = RecordingFile.readAllEvents(file);
        assertThat(drops).anySatisfy(drop -> {
            assertThat(drop.getString("reason")).isEqualTo("NO_SOCKET");
            assertThat(drop.getInt("destinationPort")).isEqualTo(CLOSED_PORT);
        });
    }

    private static boolean isOurDrop(TraceEvent e) {
        return e.isDrop() && e.tuple() != null && e.tuple().destinationPort() == CLOSED_PORT;
    }
}
