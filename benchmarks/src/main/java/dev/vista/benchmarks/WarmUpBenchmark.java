package dev.vista.benchmarks;

import dev.vista.Output;
import dev.vista.Tracer;
import dev.vista.TracerBuilder;
import dev.vista.examples.output.DropTally;
import dev.vista.examples.output.EventPrinter;
import dev.vista.format.EventFormat;
import dev.vista.format.TimestampMode;
import dev.vista.format.VistaLineFormatter;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code TracerBuilder.warmUp} buys a fresh JVM: the first {@code events} events through the whole path a
 * started tracer's events take (the ring reader over a memfd, the dispatcher, the decoder, the CLI's printer of
 * vista's text with meta and tuple into a null stream, as {@code --output-file} writes), with no warm-up before
 * them and after one of {@code warmUpEvents}. Single shot per fork, with the launcher's GC options.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 10, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xms32m"})
@State(Scope.Thread)
public class WarmUpBenchmark {
    @Param({"0", "61440"})
    public int warmUpEvents;

    @Param("204800")
    public int events;

    private EventPrinter printer;
    private TracerBuilder builder;

    @Setup
    public void setUp() {
        TracerBuilder plan = Tracer.builder().traceSkb().output(Output.META, Output.TUPLE);
        printer = new EventPrinter(EventFormat.of(VistaLineFormatter.forPlan(plan.build(), TimestampMode.NONE)),
                OutputStream.nullOutputStream(), 256 * 1024);
        builder = plan.onEvent(printer.andThen(new DropTally())).onLoss(printer::printLoss);
        if (warmUpEvents > 0) {
            builder.warmUp(warmUpEvents);
        }
    }

    @TearDown
    public void tearDown() {
        printer.close();
    }

    /** The first {@code events} events after the warm-up, if any. */
    @Benchmark
    public void firstEvents() {
        builder.warmUp(events);
    }
}
