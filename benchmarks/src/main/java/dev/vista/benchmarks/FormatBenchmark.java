package dev.vista.benchmarks;

import dev.vista.Output;
import dev.vista.event.TraceEvent;
import dev.vista.examples.output.EventPrinter;
import dev.vista.format.EventFormat;
import dev.vista.format.JsonEventFormat;
import dev.vista.format.TimestampMode;
import dev.vista.format.VistaLineFormatter;
import dev.vista.internal.consume.EventDispatcher;
import dev.vista.internal.consume.FailureReports;
import dev.vista.internal.consume.RecordSinks;
import dev.vista.internal.decode.EventDecoder;
import dev.vista.internal.ringbuf.RingEventView;
import dev.vista.internal.warmup.RecordedRing;
import dev.vista.internal.warmup.WarmUpTraffic;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
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

/**
 * What printing an event costs, over the recorded traffic of {@link WarmUpTraffic} ({@value #EVENTS} events):
 * formatting kept events into vista's text line (meta and tuple on, as the load harness runs the CLI) and
 * into a JSON line, and the CLI's whole per-event path: dispatch, copy into a TraceEvent, format, and
 * write through the CLI's printer into a UTF-8 buffered writer (to a null stream: no system call), as
 * it prints to standard output, and the same into UTF-8 bytes, as it prints to {@code --output-file}.
 * Scores are per event.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(FormatBenchmark.EVENTS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class FormatBenchmark {
    static final int EVENTS = 4096;
    /** The CLI's for --output-file. */
    private static final int FILE_BUFFER_BYTES = 256 * 1024;

    private Arena arena;
    private RecordedRing ring;
    private TraceEvent[] events;
    private VistaLineFormatter text;
    private JsonEventFormat json;
    private final StringBuilder line = new StringBuilder(512);
    private EventPrinter textPrinter;
    private EventPrinter jsonPrinter;
    private EventPrinter textFilePrinter;
    private EventDispatcher printingText;
    private EventDispatcher printingTextToFile;
    private EventDispatcher printingJson;

    @Setup
    public void setUp() {
        arena = Arena.ofConfined();
        ring = WarmUpTraffic.record(arena, EVENTS, true);
        EventDecoder decoder = WarmUpTraffic.decoder(null);
        List<TraceEvent> decoded = new ArrayList<>(EVENTS);
        ring.replay(new EventDispatcher(packetsOnly(view -> decoded.add(decoder.decode(view))), 0,
                new FailureReports(null)));
        events = decoded.toArray(TraceEvent[]::new);
        text = new VistaLineFormatter(EnumSet.of(Output.META, Output.TUPLE), TimestampMode.NONE, ZoneOffset.UTC);
        json = new JsonEventFormat();
        textPrinter = new EventPrinter(EventFormat.of(text), nullFile());
        jsonPrinter = new EventPrinter(new JsonEventFormat(), nullFile());
        printingText = new EventDispatcher(packetsOnly(view -> textPrinter.accept(decoder.decode(view))),
                0, new FailureReports(null));
        printingJson = new EventDispatcher(packetsOnly(view -> jsonPrinter.accept(decoder.decode(view))),
                0, new FailureReports(null));
        textFilePrinter = new EventPrinter(EventFormat.of(text), OutputStream.nullOutputStream(), FILE_BUFFER_BYTES);
        printingTextToFile = new EventDispatcher(packetsOnly(view -> textFilePrinter.accept(decoder.decode(view))),
                0, new FailureReports(null));
    }

    /** WarmUpTraffic records packets only: the other kinds of record never come. */
    private static RecordSinks packetsOnly(Consumer<RingEventView> packets) {
        return new RecordSinks(packets, _ -> { }, _ -> { }, _ -> { }, _ -> { }, _ -> { });
    }

    /** As the CLI opens --output-file: a buffered UTF-8 writer (here over a stream that discards). */
    private static PrintWriter nullFile() {
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(OutputStream.nullOutputStream(),
                StandardCharsets.UTF_8)));
    }

    @TearDown
    public void tearDown() {
        textPrinter.close();
        jsonPrinter.close();
        textFilePrinter.close();
        arena.close();
    }

    /** (a) A kept event into vista's text line (meta and tuple). */
    @Benchmark
    public int vistaLine() {
        int chars = 0;
        for (TraceEvent event : events) {
            line.setLength(0);
            chars += text.append(event, line).length();
        }
        return chars;
    }

    /** (b) A kept event into a JSON line. */
    @Benchmark
    public int jsonLine() {
        int chars = 0;
        for (TraceEvent event : events) {
            line.setLength(0);
            chars += json.append(event, line).length();
        }
        return chars;
    }

    /** (c) The CLI's per-event path for text: dispatch, copy, format, write. */
    @Benchmark
    public void printVistaLine() {
        ring.replay(printingText);
    }

    /** (e) (c) as the CLI prints to --output-file: the text as UTF-8 bytes, no Writer in between. */
    @Benchmark
    public void printVistaLineToFile() {
        ring.replay(printingTextToFile);
    }

    /** (d) The same for --output-json. */
    @Benchmark
    public void printJsonLine() {
        ring.replay(printingJson);
    }
}
