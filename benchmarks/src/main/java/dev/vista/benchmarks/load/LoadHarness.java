package dev.vista.benchmarks.load;

import dev.vista.netns.Testbed;
import dev.vista.netns.Veth;
import dev.vista.netns.VethEndSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The load harness: floods UDP, then TCP, from one namespace to another over a veth pair, once untraced
 * and once under each tracer (the library in this JVM, our CLI as a process printing to a file, bpftrace
 * printing the same fields to a file), and prints one table of all runs. Each flood stops by itself after
 * {@code --messages} datagrams or writes, or {@code --seconds}. Run as root: scripts/load-benchmark.sh.
 *
 * <pre>
 * LoadHarness [--vista ./vista] [--messages N] [--seconds S]
 *             [--udp-bytes N] [--tcp-bytes N] [--traffic udp,tcp] [--tracers off,library,cli,bpftrace]
 *             [--work DIR]
 * </pre>
 */
public final class LoadHarness {
    private static final Duration SETTLED = Duration.ofSeconds(1);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);

    private LoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        LoadOptions options = LoadOptions.parse(args);
        Files.createDirectories(options.work());
        List<LoadReport.Row> rows = new ArrayList<>();
        try (AutoCloseable _ = BpfRunTime.enable();
                Testbed bed = Testbed.builder().prefix("load")
                .veth(VethEndSpec.of("sender", "10.77.0.1/24", "fd00:77::1/64"),
                        VethEndSpec.of("receiver", "10.77.0.2/24", "fd00:77::2/64"))
                .build()) {
            Veth veth = bed.veth(0);
            for (Flood.Kind kind : options.traffic()) {
                int messageBytes = kind == Flood.Kind.UDP ? options.udpBytes() : options.tcpBytes();
                warmUp(kind, veth, messageBytes);
                for (String tracer : options.tracers()) {
                    TracerUnderTest underTest = create(tracer, options);
                    System.err.printf("load: %s flood, %s%n", kind, underTest.name());
                    LoadReport.Row row = measure(underTest, kind, veth, messageBytes, options);
                    System.err.println("load:   " + row);
                    rows.add(row);
                }
            }
        }
        System.out.print(LoadReport.table(rows));
    }

    private static TracerUnderTest create(String tracer, LoadOptions options) throws Exception {
        return switch (tracer) {
            case "off" -> new Untraced();
            case "library" -> new InProcessTracer();
            case "cli" -> new VistaCliProcess(options.vista(), options.work());
            case "bpftrace" -> new BpftraceProcess(options.work());
            default -> throw new IllegalArgumentException("unknown tracer " + tracer);
        };
    }

    /** A short untraced flood so that the sender is compiled before anything is measured. */
    private static void warmUp(Flood.Kind kind, Veth veth, int messageBytes) throws Exception {
        try (Flood flood = Flood.open(kind, veth, messageBytes)) {
            flood.run(Long.MAX_VALUE, Duration.ofSeconds(1));
        }
    }

    private static LoadReport.Row measure(TracerUnderTest tracer, Flood.Kind kind, Veth veth, int messageBytes,
            LoadOptions options) throws Exception {
        try {
            tracer.start();
            return measureStarted(tracer, kind, veth, messageBytes, options);
        } catch (Exception | Error e) {
            tracer.abort();
            throw e;
        }
    }

    private static LoadReport.Row measureStarted(TracerUnderTest tracer, Flood.Kind kind, Veth veth, int messageBytes,
            LoadOptions options) throws Exception {
        try (Flood flood = Flood.open(kind, veth, messageBytes)) {
            Map<Long, BpfRunTime.Totals> programsBefore = BpfRunTime.snapshot();
            long cpuBefore = tracer.cpuNanos();
            long start = System.nanoTime();
            Flood.Result sent = flood.run(options.messages(), options.duration());
            long settledAt = awaitSettled(tracer);
            long cpu = tracer.cpuNanos() - cpuBefore;
            BpfRunTime.Totals programs = BpfRunTime.between(programsBefore, BpfRunTime.snapshot());
            TracerUnderTest.Outcome outcome = tracer.stop();
            return new LoadReport.Row(kind, tracer.name(), sent, outcome, cpu, settledAt - start, programs);
        }
    }

    /** Waits until the tracer has caught up with the flood; returns when its progress last changed. */
    private static long awaitSettled(TracerUnderTest tracer) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        long last = tracer.progress();
        long changedAt = System.nanoTime();
        while (System.nanoTime() - changedAt < SETTLED.toNanos() && System.nanoTime() - deadline < 0) {
            Thread.sleep(50);
            long now = tracer.progress();
            if (now != last) {
                last = now;
                changedAt = System.nanoTime();
            }
        }
        return changedAt;
    }

    record LoadOptions(Path vista, long messages, Duration duration, int udpBytes, int tcpBytes,
            List<Flood.Kind> traffic, List<String> tracers, Path work) {
        static LoadOptions parse(String[] args) {
            Path vista = Path.of("./vista");
            long messages = 3_000_000;
            Duration duration = Duration.ofSeconds(5);
            int udpBytes = 64;
            int tcpBytes = 256;
            List<Flood.Kind> traffic = List.of(Flood.Kind.UDP, Flood.Kind.TCP);
            List<String> tracers = List.of("off", "library", "cli", "bpftrace");
            Path work = Path.of("benchmarks/target/load");
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                if (value == null) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                switch (args[i++]) {
                    case "--vista" -> vista = Path.of(value);
                    case "--messages" -> messages = Long.parseLong(value);
                    case "--seconds" -> duration = Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
                    case "--udp-bytes" -> udpBytes = Integer.parseInt(value);
                    case "--tcp-bytes" -> tcpBytes = Integer.parseInt(value);
                    case "--traffic" -> traffic = List.of(value.toUpperCase().split(",")).stream()
                            .map(Flood.Kind::valueOf).toList();
                    case "--tracers" -> tracers = List.of(value.split(","));
                    case "--work" -> work = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i - 1]);
                }
            }
            return new LoadOptions(vista, messages, duration, udpBytes, tcpBytes, traffic, tracers, work);
        }
    }
}
