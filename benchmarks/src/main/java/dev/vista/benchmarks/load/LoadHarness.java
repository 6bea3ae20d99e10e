package dev.vista.benchmarks.load;

import dev.vista.netns.Testbed;
import dev.vista.netns.Veth;
import dev.vista.netns.VethEndSpec;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The load harness: floods UDP, then TCP, from one namespace to another over a veth pair, once untraced
 * and once under each tracer (the library in this JVM, our CLI as a process printing to a file, bpftrace
 * printing the same fields to a file), and prints one table of all runs. Each flood stops by itself after
 * {@code --messages} datagrams or writes, or {@code --seconds}. The kernel's BPF statistics stay off during
 * those floods (they cost two clock reads per program run); each traced flood is followed by a shorter one
 * under a fresh start of the same tracer with them on, which gives the BPF ns/run column. Run as root:
 * scripts/load-benchmark.sh ({@code --help} lists the options).
 */
public final class LoadHarness {
    private static final Duration SETTLED = Duration.ofSeconds(1);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);

    private LoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        LoadOptions options = new LoadOptions();
        CommandLine cli = new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true);
        try {
            cli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            System.err.println("load-benchmark: " + e.getMessage());
            cli.usage(System.err);
            System.exit(2);
        }
        if (cli.isUsageHelpRequested()) {
            cli.usage(System.out);
            return;
        }
        System.out.print(LoadReport.table(run(options)));
    }

    private static List<LoadReport.Row> run(LoadOptions options) throws Exception {
        Files.createDirectories(options.work);
        List<LoadReport.Row> rows = new ArrayList<>();
        try (AutoCloseable _ = BpfRunTime.statistics(false);
                Testbed bed = Testbed.builder().prefix("load")
                .veth(VethEndSpec.of("sender", "10.77.0.1/24", "fd00:77::1/64"),
                        VethEndSpec.of("receiver", "10.77.0.2/24", "fd00:77::2/64"))
                .build()) {
            Veth veth = bed.veth(0);
            addUnmatchedRules(veth, options.iptablesRules);
            for (Flood.Kind kind : options.traffic) {
                warmUp(kind, veth, options.messageBytes(kind));
                for (TracerKind tracer : options.tracers) {
                    TracerUnderTest underTest = tracer.create(options.vista, options.work, veth);
                    System.err.printf("load: %s flood, %s%n", kind, underTest.name());
                    LoadReport.Row row = measure(underTest, kind, veth, options);
                    System.err.println("load:   " + row);
                    if (tracer != TracerKind.OFF && options.costSeconds > 0) {
                        System.err.printf("load: %s flood, %s, BPF statistics on%n", kind, underTest.name());
                        row = row.withPrograms(measureBpfCost(tracer.create(options.vista, options.work, veth), kind,
                                veth, options));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /**
     * {@code count} rules in the receiver's iptables filter table (Debian's iptables: an nftables table) that no
     * flood packet matches: each packet is checked against all of them, then accepted by the chain's policy.
     */
    private static void addUnmatchedRules(Veth veth, int count) {
        for (int i = 1; i <= count; i++) {
            veth.b().namespace().iptables("-A", "INPUT", "-p", "tcp", "--dport", String.valueOf(10_000 + i), "-j",
                    "DROP");
        }
    }

    /** A short untraced flood so that the sender is compiled before anything is measured. */
    private static void warmUp(Flood.Kind kind, Veth veth, int messageBytes) throws Exception {
        try (Flood flood = Flood.open(kind, veth, messageBytes)) {
            flood.run(Long.MAX_VALUE, Duration.ofSeconds(1), 0);
        }
    }

    private static LoadReport.Row measure(TracerUnderTest tracer, Flood.Kind kind, Veth veth, LoadOptions options)
            throws Exception {
        try {
            tracer.start();
            return measureStarted(tracer, kind, veth, options);
        } catch (Exception | Error e) {
            tracer.abort();
            throw e;
        }
    }

    private static LoadReport.Row measureStarted(TracerUnderTest tracer, Flood.Kind kind, Veth veth,
            LoadOptions options) throws Exception {
        try (Flood flood = Flood.open(kind, veth, options.messageBytes(kind))) {
            long cpuBefore = tracer.cpuNanos();
            long start = System.nanoTime();
            Flood.Result sent = flood.run(options.messages, options.duration(), options.rate);
            long settledAt = awaitSettled(tracer);
            long cpu = tracer.cpuNanos() - cpuBefore;
            TracerUnderTest.Outcome outcome = tracer.stop();
            return new LoadReport.Row(kind, tracer.name(), sent, outcome, cpu, settledAt - start,
                    BpfRunTime.Totals.NONE);
        }
    }

    /** Kernel time per run of the tracer's programs, over a flood of its own with the statistics on. */
    private static BpfRunTime.Totals measureBpfCost(TracerUnderTest tracer, Flood.Kind kind, Veth veth,
            LoadOptions options) throws Exception {
        try (AutoCloseable _ = BpfRunTime.statistics(true); Flood flood = Flood.open(kind, veth,
                options.messageBytes(kind))) {
            tracer.start();
            Map<Long, BpfRunTime.Totals> before = BpfRunTime.snapshot();
            Flood.Result sent = flood.run(options.messages, options.costDuration(), options.rate);
            BpfRunTime.Totals programs = BpfRunTime.between(before, BpfRunTime.snapshot());
            // per packet sent, for tracers whose programs run a different number of times per packet
            System.err.printf("load:   BPF: %d runs, %.0f ns per packet sent (%d packets)%n", programs.runs(),
                    sent.packets() == 0 ? 0.0 : (double) programs.nanos() / sent.packets(), sent.packets());
            tracer.stop();
            return programs;
        } catch (Exception | Error e) {
            tracer.abort();
            throw e;
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
}
