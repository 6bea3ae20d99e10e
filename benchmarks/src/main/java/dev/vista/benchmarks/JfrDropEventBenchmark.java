package dev.vista.benchmarks;

import dev.vista.event.DropReason;
import dev.vista.event.EventSource;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import dev.vista.event.Tuple;
import dev.vista.jfr.PacketDropEvent;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What {@link PacketDropEvent#record} costs a sink while no JFR recording is on (none is started here): a drop with
 * a reason, a location and a UDP tuple, against a baseline that only hands the same event to a Blackhole. Score per
 * event; {@code -prof gc} shows whether the unrecorded event is allocated.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1)
@State(Scope.Thread)
public class JfrDropEventBenchmark {
    private TraceEvent drop;

    @Setup
    public void drop() throws UnknownHostException {
        Tuple tuple = new Tuple(InetAddress.getByName("10.0.0.1"), InetAddress.getByName("10.0.0.2"), 40000, 9,
                Tuple.IPPROTO_UDP, 0, 0, 0, 0, 0);
        drop = TraceEvent.builder().source(EventSource.SKB_TRACEPOINT).tracepoint(Tracepoint.KFREE_SKB)
                .skb(0xffff8881a7c73200L).dropReason(new DropReason(2, DropReason.NO_SOCKET))
                .location("udp_queue_rcv_one_skb+0x3c1").tuple(tuple).ifname("veth0b").netns(4026532247L)
                .epochNanos(1_700_000_000_000_000_000L).comm("vista-load-udp").pid(4711).build();
    }

    @Benchmark
    public void baseline(Blackhole blackhole) {
        blackhole.consume(drop);
    }

    @Benchmark
    public void recordWithoutRecording() {
        PacketDropEvent.record(drop);
    }
}
