package dev.vista.benchmarks;

import dev.vista.internal.pcapfilter.LinkType;
import dev.vista.internal.pcapfilter.OfflineFilter;
import dev.vista.internal.pcapfilter.PcapFilter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * User-space costs of a pcap-filter expression: compiling it with libpcap (twice: Ethernet and IP
 * start) and translating to eBPF, once per tracer start; and libpcap's own interpreter
 * (pcap_offline_filter, one FFM downcall plus copying the 54-byte frame) per packet, the user-space
 * baseline for the in-kernel cost that PcapKernelCostHarness measures.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class PcapCompileBenchmark {
    private OfflineFilter libpcap;

    @Setup(Level.Trial)
    public void setUp() {
        libpcap = new OfflineFilter(PcapPackets.TYPICAL, LinkType.ETHERNET);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        libpcap.close();
    }

    @Benchmark
    public PcapFilter compileAndTranslate() {
        return PcapFilter.compile(PcapPackets.TYPICAL);
    }

    @Benchmark
    public boolean libpcapInterpreterPerPacket() {
        return libpcap.matches(PcapPackets.TCP_SYN_TO_443, 0, PcapPackets.TCP_SYN_TO_443.length);
    }
}
