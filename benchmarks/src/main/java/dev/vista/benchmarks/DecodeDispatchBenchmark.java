package dev.vista.benchmarks;

import dev.vista.event.SkbEventView;
import dev.vista.internal.consume.EventDispatcher;
import dev.vista.internal.consume.FailureReports;
import dev.vista.internal.consume.RecordSinks;
import dev.vista.internal.decode.EventDecoder;
import dev.vista.internal.ringbuf.RingBuffer;
import dev.vista.internal.warmup.MemfdRingMap;
import dev.vista.internal.warmup.RecordedRing;
import dev.vista.internal.warmup.WarmUpTraffic;
import java.lang.foreign.Arena;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The consumer's per-event cost over a recorded ring of {@value #EVENTS} events (see WarmUpTraffic):
 * what the poller thread spends per event once the kernel has written it. Scores are per event.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(DecodeDispatchBenchmark.EVENTS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class DecodeDispatchBenchmark {
    static final int EVENTS = 4096;

    private Arena arena;
    private RecordedRing ring;
    private MemfdRingMap map;
    private RingBuffer ringBuffer;
    private EventDispatcher reading;
    private EventDispatcher copying;
    private DestinationCounter counter;
    private EventDispatcher counting;

    @Setup
    public void setUp(Blackhole blackhole) {
        arena = Arena.ofConfined();
        ring = WarmUpTraffic.record(arena, EVENTS, true);
        map = new MemfdRingMap(ring);
        ringBuffer = new RingBuffer(map.fd(), map.size());
        reading = new EventDispatcher(new RecordSinks(typicalReader(blackhole), blackhole::consume, blackhole::consume,
                blackhole::consume, blackhole::consume, blackhole::consume), 0, new FailureReports(null));
        EventDecoder decoder = WarmUpTraffic.decoder(null);
        copying = new EventDispatcher(new RecordSinks(view -> blackhole.consume(decoder.decode(view)),
                blackhole::consume, blackhole::consume, blackhole::consume, blackhole::consume, blackhole::consume),
                0, new FailureReports(null));
        counter = new DestinationCounter();
        counting = new EventDispatcher(new RecordSinks(counter, blackhole::consume, blackhole::consume,
                blackhole::consume, blackhole::consume, blackhole::consume), 0, new FailureReports(null));
    }

    /** The fields a typical sink looks at (a counter by tracepoint and flow, a filter, a sampler). */
    private static Consumer<SkbEventView> typicalReader(Blackhole blackhole) {
        return view -> {
            blackhole.consume(view.tracepoint());
            blackhole.consume(view.skb());
            blackhole.consume(view.len());
            blackhole.consume(view.sourcePort());
            blackhole.consume(view.destinationPort());
            blackhole.consume(view.l4Protocol());
        };
    }

    @TearDown
    public void tearDown() {
        // After (d): the names must have matched, or (d) measured comparisons that never succeed.
        if (counter.total() > 0 && counter.fromCurlOnEth0() == 0) {
            throw new IllegalStateException("the counting sink matched no comm/ifname: (d) measured the wrong work");
        }
        ringBuffer.close();
        map.close();
        arena.close();
    }

    /** (a) Wrap the flyweight, count, and read a few fields: the zero-copy path. */
    @Benchmark
    public void dispatch() {
        ring.replay(reading);
    }

    /** (b) As (a), plus a full copy into an immutable TraceEvent (what keeping events costs). */
    @Benchmark
    public void dispatchAndCopy() {
        ring.replay(copying);
    }

    /** (d) As (a), with a sink that counts per destination address and compares comm and ifname (DestinationCounter). */
    @Benchmark
    public void dispatchAndCountPerDestination() {
        ring.replay(counting);
    }

    /** (c) As (a), but driven by RingBuffer.drain: acquire reads of headers, release of the position. */
    @Benchmark
    public int drainAndDispatch() {
        map.rewind();
        return ringBuffer.drain(reading);
    }
}
