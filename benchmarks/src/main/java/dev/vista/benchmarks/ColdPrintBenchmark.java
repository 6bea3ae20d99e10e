package dev.vista.benchmarks;

import dev.vista.Output;
import dev.vista.examples.output.EventPrinter;
import dev.vista.format.EventFormat;
import dev.vista.format.TimestampMode;
import dev.vista.format.VistaLineFormatter;
import dev.vista.internal.consume.EventDispatcher;
import dev.vista.internal.consume.FailureReports;
import dev.vista.internal.consume.RecordSinks;
import dev.vista.internal.decode.EventDecoder;
import dev.vista.internal.warmup.RecordedRing;
import dev.vista.internal.warmup.WarmUpTraffic;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.EnumSet;
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
 * The cold path the CLI's first flood events take, which FormatBenchmark's warmed-up numbers do not show:
 * each fork prints the first {@value #EVENTS} events of {@link WarmUpTraffic} once, through the CLI's whole
 * per-event path (dispatch, copy, vista's text line with meta and tuple, the printer's UTF-8 writer over a
 * null stream), in a fresh JVM with the launcher's GC options. The score is the time for all of them: what
 * the ring has to hold while the JIT catches up (FormatBenchmark's printVistaLine is the same path warm).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 10, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xms32m"})
@State(Scope.Thread)
public class ColdPrintBenchmark {
    static final int RECORDED = 4096;
    static final int EVENTS = 50 * RECORDED;

    private Arena arena;
    private RecordedRing ring;
    private EventPrinter printer;
    private EventDispatcher printing;

    @Setup
    public void setUp() {
        arena = Arena.ofConfined();
        ring = WarmUpTraffic.record(arena, RECORDED, true);
        EventDecoder decoder = WarmUpTraffic.decoder(null);
        PrintWriter discarding = new PrintWriter(new OutputStreamWriter(OutputStream.nullOutputStream(),
                StandardCharsets.UTF_8));
        printer = new EventPrinter(EventFormat.of(new VistaLineFormatter(EnumSet.of(Output.META, Output.TUPLE),
                TimestampMode.NONE, ZoneOffset.UTC)), discarding);
        printing = new EventDispatcher(new RecordSinks(view -> printer.accept(decoder.decode(view)),
                _ -> { }, _ -> { }, _ -> { }, _ -> { }, _ -> { }), 0, new FailureReports(null));
    }

    @TearDown
    public void tearDown() {
        printer.close();
        arena.close();
    }

    /** The first {@value #EVENTS} events printed. */
    @Benchmark
    public void printFirstEvents() {
        for (int i = 0; i < EVENTS / RECORDED; i++) {
            ring.replay(printing);
        }
    }
}
