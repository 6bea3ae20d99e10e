package dev.vista.benchmarks.attach;

import dev.vista.Backend;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/** The attach harness's command line (scripts/attach-benchmark.sh passes its arguments through). */
@Command(name = "attach-benchmark", sortOptions = false,
        description = "Attaches and detaches every kernel function taking a struct sk_buff *, once per backend, and"
                + " prints one row per backend (BENCHMARKS.md). Needs root and kernel-function backends (vm/).")
final class AttachOptions {
    private static final List<Backend> DEFAULT_BACKENDS = List.of(Backend.KPROBE_MULTI, Backend.FENTRY, Backend.KPROBE);
    // The warm-up, and the time to print and exit, on top of the backends' own limits.
    private static final long SPARE_SECONDS = 300;

    /** One backend's run, over the first {@code limit} functions (0: all). */
    record Run(Backend backend, int limit) {}

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    boolean help;

    @Option(names = "--limit", paramLabel = "N", converter = Positive.class,
            description = "trace only the first N selectable functions (BTF id order) instead of all")
    int limit;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600", converter = Positive.class,
            description = "bounds each backend's start() and close() together (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--kprobe-batch", paramLabel = "N", defaultValue = "16", converter = Positive.class,
            description = "kprobes attached at once by the kprobe backend (default: ${DEFAULT-VALUE})")
    int kprobeBatch;

    @Option(names = "--no-warmup", description = "skip the warm-up run (a few functions, not reported)")
    boolean noWarmup;

    @Option(names = "--time-budget", description = "print the seconds the run may take at most, and exit"
            + " (scripts/attach-benchmark.sh sets the VM's time limit with it)")
    boolean timeBudget;

    @Parameters(paramLabel = "BACKEND[:N]", arity = "0..*", description = "kprobe-multi, fentry or kprobe, :N"
            + " as --limit for that backend alone (default: all three, in that order)")
    List<String> backends = List.of();

    /** The backends to measure, in order, each with its function limit. */
    List<Run> runs() {
        if (backends.isEmpty()) {
            return DEFAULT_BACKENDS.stream().map(backend -> new Run(backend, limit)).toList();
        }
        List<Run> runs = new ArrayList<>();
        for (String spec : backends) {
            int colon = spec.indexOf(':');
            Backend backend = Backend.parse(colon < 0 ? spec : spec.substring(0, colon));
            if (backend == Backend.AUTO) {
                throw new IllegalArgumentException("name a backend: kprobe-multi, fentry or kprobe (not auto)");
            }
            runs.add(new Run(backend, colon < 0 ? limit : new Positive().convert(spec.substring(colon + 1))));
        }
        return List.copyOf(runs);
    }

    /** Each backend may use its whole timeout, and the warm-up one more. */
    long timeBudgetSeconds() {
        return (runs().size() + 1L) * timeoutSeconds + SPARE_SECONDS;
    }

    /** A whole number above zero. */
    static final class Positive implements picocli.CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            try {
                int n = Integer.parseInt(text);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("'" + text + "' is not a positive number");
        }
    }
}
