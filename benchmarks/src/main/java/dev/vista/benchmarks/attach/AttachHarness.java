package dev.vista.benchmarks.attach;

import dev.vista.InvalidPlanException;
import dev.vista.internal.functions.TracedFunction;
import dev.vista.internal.kallsyms.BackgroundSymbols;
import dev.vista.internal.kernel.BackendProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Measures attaching and detaching every kernel function that takes a {@code struct sk_buff *},
 * once per backend, through the public API ({@code Tracer.builder().traceSkbFunctions(".*")}), and
 * prints one row per backend. Needs root and a kernel with the backends (see vm/): run it with
 * scripts/attach-benchmark.sh.
 *
 * Arguments: {@link AttachOptions} ({@code --help}). {@code :N} or {@code --limit N} traces only the first N
 * selectable functions (BTF id order) through a regex naming them, instead of {@code .*}. Exits 1 if any
 * backend failed or timed out, 2 on bad arguments.
 *
 * <p>start() is split at the first ATTACHING progress report: before it, privileges, BTF and
 * kallsyms, function selection, backend probing, loading the BPF object and attaching the first
 * batch (the "done" count at that report says how big: one kprobe-multi link, or about 1 % of the
 * functions for kprobe and fentry); after it, the rest of the attaching. close() is split at the
 * last DETACHING report: before it, closing every link; after it, the poller, ring and objects.
 */
public final class AttachHarness {
    private static final String WARMUP_REGEX = "ip_rcv.*";

    private AttachHarness() {
    }

    public static void main(String[] args) throws Exception {
        AttachOptions options = new AttachOptions();
        CommandLine cli = new CommandLine(options);
        List<AttachOptions.Run> runs;
        try {
            cli.parseArgs(args);
            runs = options.runs();
        } catch (CommandLine.PicocliException | IllegalArgumentException | InvalidPlanException e) {
            System.err.println("attach-benchmark: " + e.getMessage());
            cli.usage(System.err);
            System.exit(2);
            return;
        }
        if (cli.isUsageHelpRequested()) {
            // With --time-budget the caller reads a number from stdout: nothing there means nothing to run.
            cli.usage(options.timeBudget ? System.err : System.out);
            return;
        }
        if (options.timeBudget) {
            System.out.println(options.timeBudgetSeconds());
            return;
        }
        System.exit(run(options, runs));
    }

    private static int run(AttachOptions options, List<AttachOptions.Run> runs) throws Exception {
        AttachReport.printMachine();
        SkbFunctions catalog = SkbFunctions.load();
        System.out.printf(Locale.ROOT, "selection (cold JVM): %d functions take struct %s * in args 1-5; %s%n",
                catalog.candidates(), SkbFunctions.STRUCT, catalog.selection().summary());
        System.out.printf(Locale.ROOT, "  parse vmlinux BTF + scan %s ms, kallsyms %s ms, catalog + select %s ms%n",
                AttachReport.ms(catalog.parseNanos()), AttachReport.ms(catalog.kallsymsNanos()),
                AttachReport.ms(catalog.selectNanos()));
        TracedFunction probeTarget = catalog.selection().functions().stream().filter(f -> f.module() == null)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no sk_buff function of vmlinux to probe with"));

        if (!options.noWarmup) {
            Measurement warm = TimedTracer.measure(runs.getFirst().backend(), WARMUP_REGEX, 0, options, "warm-up");
            System.out.printf(Locale.ROOT, "warm-up (%s on /%s/, not reported below): %s%n",
                    runs.getFirst().backend().shortName(), WARMUP_REGEX,
                    warm.failure != null ? "FAILED: " + warm.failure
                            : warm.attached() + " functions, start " + AttachReport.ms(warm.startNanos())
                                    + " ms, close " + AttachReport.ms(warm.closeNanos()) + " ms");
            if (warm.abandoned) {
                return 1;
            }
        }

        List<Measurement> results = new ArrayList<>();
        boolean abandoned = false;
        BackgroundSymbols symbols = BackgroundSymbols.notBegun(); // for the kprobe probe's address, read once
        for (AttachOptions.Run run : runs) {
            if (abandoned) {
                Measurement skipped = new Measurement(run.backend(), run.limit());
                skipped.failure = "not run: an earlier backend was still attaching or detaching when its time ran out";
                results.add(skipped);
                continue;
            }
            long probeStarted = System.nanoTime();
            String whyNot = new BackendProbe(probeTarget.name(), symbols::join).probe(run.backend());
            long probeNanos = System.nanoTime() - probeStarted;
            String regex = catalog.regex(run.limit());
            Measurement m = whyNot != null ? new Measurement(run.backend(), run.limit())
                    : TimedTracer.measure(run.backend(), regex, run.limit(), options, run.backend().shortName());
            m.probeNanos = probeNanos;
            if (whyNot != null) {
                m.failure = "backend does not work on this kernel: " + whyNot;
            }
            results.add(m);
            abandoned = m.abandoned;
        }

        AttachReport.printTable(results, catalog);
        boolean failed = results.stream().anyMatch(m -> m.failure != null);
        for (Measurement m : results) {
            synchronized (m) {
                if (m.failure != null) {
                    System.out.println("FAILED " + m.backend.shortName() + ": " + m.failure
                            + (m.attachTotal > 0 ? " (" + m.progressText() + ")" : ""));
                }
            }
        }
        return failed ? 1 : 0;
    }
}
