package dev.vista.benchmarks;

import dev.vista.pcap.Direction;
import dev.vista.pcap.LinkType;
import dev.vista.pcap.PcapngWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What writing one 128-byte packet as an Enhanced Packet Block costs, with the comment the capture sink
 * writes (about 90 bytes) and a direction, into the writer's buffer and on through its 1 MiB writes to
 * /dev/null: the writer's own cost and one system call per 1 MiB (a real file is not measured: at this
 * rate it would grow by gigabytes). Score per packet; {@code -prof gc} shows the
 * bytes allocated per packet.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1)
@State(Scope.Thread)
public class PcapngWriteBenchmark {
    private static final String COMMENT =
            "skb:kfree_skb reason=NO_SOCKET skb=0xffff8881a7c73200 cpu=1 pid=4711 comm=vista-load-udp";

    private final byte[] packet = new byte[128];
    private final StringBuilder comment = new StringBuilder(COMMENT);
    private PcapngWriter writer;
    private int interfaceId;
    private long time = 1_700_000_000_000_000_000L;

    @Setup
    public void open() throws IOException {
        writer = new PcapngWriter(FileChannel.open(Path.of("/dev/null"), StandardOpenOption.WRITE),
                PcapngWriter.DEFAULT_BUFFER_BYTES, "vista benchmark");
        interfaceId = writer.addInterface("veth0b@netns:4026532247", LinkType.ETHERNET, 256);
    }

    @TearDown
    public void close() throws IOException {
        writer.close();
    }

    @Benchmark
    public void writePacket() throws IOException {
        writer.writePacket(interfaceId, time++, packet, 0, packet.length, packet.length, Direction.INBOUND, comment);
    }
}
