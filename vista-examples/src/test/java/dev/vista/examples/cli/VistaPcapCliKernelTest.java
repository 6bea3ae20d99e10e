package dev.vista.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vista --pcap-file} as a user runs it, in a separate JVM: piped into {@code tshark -r -}, killed
 * with SIGKILL mid-capture, and writing onto a full disk. Traffic: UDP datagrams to a closed port on
 * loopback, each dropped for lack of a socket.
 */
@Tag("kernel")
class VistaPcapCliKernelTest {
    private static final String PAYLOAD = "vista --pcap-file from the command line";

    @TempDir
    Path dir;

    @Test
    void aCaptureOnStandardOutputIsReadByTsharkFromThePipeAndTheTextGoesToStderr() throws Exception {
        int port = 7331;
        Path stderr = dir.resolve("vista.stderr");
        ProcessBuilder vista = VistaProcess.of("--filter-protocol", "udp", "--filter-port", String.valueOf(port),
                "--pcap-file", "-").redirectError(stderr.toFile());
        ProcessBuilder tshark = new ProcessBuilder("tshark", "-n", "-r", "-", "-T", "fields", "-e", "udp.dstport",
                "-e", "data.data", "-e", "frame.comment").redirectError(ProcessBuilder.Redirect.DISCARD);
        List<Process> pipeline = ProcessBuilder.startPipeline(List.of(vista, tshark));
        Process child = pipeline.getFirst();
        CompletableFuture<String> rows = CompletableFuture.supplyAsync(() -> read(pipeline.getLast()));
        awaitListening(stderr);

        sendUdp(port, 3);
        Thread.sleep(300);
        child.destroy(); // SIGTERM: vista closes the tracer and the capture, then exits

        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(Files.readString(stderr)).isEqualTo(128 + 15); // ended by SIGTERM
        List<String> drops = rows.get(30, TimeUnit.SECONDS).lines()
                .filter(line -> line.contains("skb:kfree_skb reason=NO_SOCKET")).toList();
        String hex = HexFormat.of().formatHex(PAYLOAD.getBytes(StandardCharsets.US_ASCII));
        assertThat(drops).hasSize(3).allSatisfy(line -> assertThat(line).startsWith(port + "\t" + hex + "\t"));
        assertThat(Files.readString(stderr)).contains("kfree_skb(SKB_DROP_REASON_NO_SOCKET)");
    }

    @Test
    void aCaptureCutBySigkillStillOpensWithTheFlushedPackets() throws Exception {
        int port = 7332;
        Path file = dir.resolve("killed.pcapng");
        Path stderr = dir.resolve("vista.stderr");
        Process child = VistaProcess.of("--filter-protocol", "udp", "--filter-port", String.valueOf(port),
                "--pcap-file", file.toString()).redirectError(stderr.toFile()).start();
        awaitListening(stderr);

        sendUdp(port, 5);
        Thread.sleep(1000); // past the capture's periodic flush
        child.destroyForcibly(); // SIGKILL: no statistics block, no final flush
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Process capinfos = new ProcessBuilder("capinfos", "-M", file.toString()).redirectErrorStream(true).start();
        String info = read(capinfos);
        assertThat(capinfos.waitFor()).as(info).isZero();
        assertThat(info).contains("File type:           pcapng");
        Process tshark = new ProcessBuilder("tshark", "-n", "-r", file.toString(), "-T", "fields", "-e",
                "frame.comment").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(read(tshark).lines().filter(line -> line.startsWith("skb:kfree_skb reason=NO_SOCKET")))
                .hasSize(5);
        assertThat(tshark.waitFor()).isZero();
    }

    @Test
    void aFullDiskStopsTracingWithAClearMessageAndLeavesAReadableFile() throws Exception {
        int port = 7333;
        Path disk = Files.createDirectory(dir.resolve("small-disk"));
        run("mount", "-t", "tmpfs", "-o", "size=64k", "vista-pcap-test", disk.toString());
        try {
            Path file = disk.resolve("full.pcapng");
            Path stderr = dir.resolve("vista.stderr");
            Process child = VistaProcess.of("--filter-protocol", "udp", "--filter-port", String.valueOf(port),
                    "--pcap-file", file.toString(), "--pcap-snaplen", "1500", "--output-file", "/dev/null")
                    .redirectError(stderr.toFile()).start();
            awaitListening(stderr);

            for (int i = 0; i < 100 && child.isAlive(); i++) {
                sendUdp(port, 50);
                Thread.sleep(20);
            }

            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("vista stops by itself").isTrue();
            String messages = Files.readString(stderr);
            assertThat(child.exitValue()).as(messages).isEqualTo(1);
            assertThat(messages).contains("vista: writing the pcapng capture to " + file + " failed: ")
                    .contains("No space left on device");
            Process capinfos = new ProcessBuilder("capinfos", "-M", file.toString()).redirectErrorStream(true).start();
            String info = read(capinfos);
            assertThat(capinfos.waitFor()).as(info).isZero();
            assertThat(info).containsPattern("Number of packets: +[1-9]");
        } finally {
            run("umount", disk.toString());
        }
    }

    /** Waits until vista logs that it listens (its programs are attached). */
    private static void awaitListening(Path stderr) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(stderr).contains("Listening for events")) {
            assertThat(System.nanoTime()).as("vista listening; stderr: %s", Files.readString(stderr))
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static void sendUdp(int port, int count) throws IOException {
        try (DatagramChannel channel = DatagramChannel.open()) {
            var target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            for (int i = 0; i < count; i++) {
                channel.send(ByteBuffer.wrap(PAYLOAD.getBytes(StandardCharsets.US_ASCII)), target);
            }
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = read(process);
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
    }

    private static String read(Process process) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            StringBuilder text = new StringBuilder();
            reader.lines().forEach(line -> text.append(line).append('\n'));
            return text.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
