package dev.vista.benchmarks;

import dev.vista.AttachProgress;
import dev.vista.Backend;
import dev.vista.Tracer;
import dev.vista.internal.btf.Btf;
import dev.vista.internal.functions.FunctionCatalog;
import dev.vista.internal.functions.FunctionSelection;
import dev.vista.internal.functions.TracedFunction;
import dev.vista.internal.kallsyms.KernelSymbols;
import dev.vista.internal.kernel.BackendProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Measures attaching and detaching every kernel function that takes a {@code struct sk_buff *},
 * once per backend, through the public API ({@code Tracer.builder().traceSkbFunctions(".*")}), and
 * prints one row per backend. Needs root and a kernel with the backends (see vm/): run it with
 * scripts/attach-benchmark.sh.
 *
 * <pre>
 * AttachHarness [--limit N] [--timeout SECONDS] [--kprobe-batch N] [--no-warmup] [BACKEND[:N]]...
 * </pre>
 *
 * BACKEND is kprobe-multi, fentry or kprobe (default: all three, in that order); {@code :N} or
 * {@code --limit N} traces only the first N selectable functions (BTF id order) through a regex
 * naming them, instead of {@code .*}. The timeout (default 600 s) bounds each backend's start()
 * and close() together. Exits 1 if any backend failed or timed out, 2 on bad arguments.
 *
 * <p>start() is split at the first ATTACHING progress report: before it, privileges, BTF and
 * kallsyms, function selection, backend probing, loading the BPF object and attaching the first
 * batch (the "done" count at that report says how big: one kprobe-multi link, or about 1 % of the
 * functions for kprobe and fentry); after it, the rest of the attaching. close() is split at the
 * last DETACHING report: before it, closing every link; after it, the poller, ring and objects.
 */
public final class AttachHarness {
    private static final List<Backend> DEFAULT_BACKENDS = List.of(Backend.KPROBE_MULTI, Backend.FENTRY, Backend.KPROBE);
    private static final String STRUCT = "sk_buff";
    private static final String WARMUP_REGEX = "ip_rcv.*";

    private record Run(Backend backend, int limit) {}

    private record Options(List<Run> runs, long timeoutSeconds, int kprobeBatch, boolean warmup) {}

    /** What the selection looks like before any backend runs, and how long it took (cold JVM). */
    private record Catalog(int candidates, FunctionSelection selection, long parseNanos, long kallsymsNanos,
            long selectNanos) {}

    private AttachHarness() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("AttachHarness: " + e.getMessage());
            System.err.println("usage: AttachHarness [--limit N] [--timeout SECONDS] [--kprobe-batch N] [--no-warmup] "
                    + "[kprobe-multi|fentry|kprobe[:N]]...");
            System.exit(2);
            return;
        }
        System.exit(run(options));
    }

    private static int run(Options options) throws Exception {
        printMachine();
        Catalog catalog = catalog();
        System.out.printf(Locale.ROOT, "selection (cold JVM): %d functions take struct %s * in args 1-5; %s%n",
                catalog.candidates(), STRUCT, catalog.selection().summary());
        System.out.printf(Locale.ROOT, "  parse vmlinux BTF + scan %s ms, kallsyms %s ms, catalog + select %s ms%n",
                ms(catalog.parseNanos()), ms(catalog.kallsymsNanos()), ms(catalog.selectNanos()));
        TracedFunction probeTarget = catalog.selection().functions().stream().filter(f -> f.module() == null)
                .findFirst().orElseThrow(() -> new IllegalStateException("no sk_buff function of vmlinux to probe with"));

        if (options.warmup()) {
            Measurement warm = measure(options.runs().getFirst().backend(), WARMUP_REGEX, 0, options, "warm-up");
            System.out.printf(Locale.ROOT, "warm-up (%s on /%s/, not reported below): %s%n",
                    options.runs().getFirst().backend().shortName(), WARMUP_REGEX,
                    warm.failure != null ? "FAILED: " + warm.failure
                            : warm.attached() + " functions, start " + ms(warm.startNanos()) + " ms, close "
                                    + ms(warm.closeNanos()) + " ms");
            if (warm.abandoned) {
                return 1;
            }
        }

        List<Measurement> results = new ArrayList<>();
        boolean abandoned = false;
        for (Run run : options.runs()) {
            if (abandoned) {
                Measurement skipped = new Measurement(run.backend(), run.limit());
                skipped.failure = "not run: an earlier backend was still attaching or detaching when its time ran out";
                results.add(skipped);
                continue;
            }
            long probeStarted = System.nanoTime();
            String whyNot = new BackendProbe(probeTarget.name(), probeTarget.address()).probe(run.backend());
            long probeNanos = System.nanoTime() - probeStarted;
            String regex = regex(catalog.selection(), run.limit());
            Measurement m = whyNot != null ? new Measurement(run.backend(), run.limit())
                    : measure(run.backend(), regex, run.limit(), options, run.backend().shortName());
            m.probeNanos = probeNanos;
            if (whyNot != null) {
                m.failure = "backend does not work on this kernel: " + whyNot;
            }
            results.add(m);
            abandoned = m.abandoned;
        }

        printTable(results, catalog);
        boolean failed = results.stream().anyMatch(m -> m.failure != null);
        for (Measurement m : results) {
            synchronized (m) {
                if (m.failure != null) {
                    System.out.println("FAILED " + m.backend.shortName() + ": " + m.failure
                            + (m.attachTotal > 0 ? " (" + describeProgress(m) + ")" : ""));
                }
            }
        }
        return failed ? 1 : 0;
    }

    // ---- one backend ---------------------------------------------------------------------------

    /** Progress and timings of one start() and close(); written by the listener from attach threads. */
    private static final class Measurement {
        final Backend backend;
        final int limit;
        long probeNanos;
        long resolveNanos;
        long startCalled;
        long startReturned;
        long firstAttach;
        int firstAttachDone;
        long lastAttach;
        int attachDone;
        int attachTotal;
        int attachFailed;
        long closeCalled;
        long closeReturned;
        long lastDetach;
        int detachDone;
        int detachTotal;
        int detachFailed;
        int functionCount = -1;
        long events;
        long lost;
        String failure;
        /** start() or close() was still running when the time ran out: the kernel may still be busy. */
        boolean abandoned;
        private int printedTenth = -1;
        /** Every report: {done, nanos since start() or close() was called}. */
        final List<long[]> attachReports = new ArrayList<>();
        final List<long[]> detachReports = new ArrayList<>();

        Measurement(Backend backend, int limit) {
            this.backend = backend;
            this.limit = limit;
        }

        synchronized void progress(AttachProgress p, String label) {
            long now = System.nanoTime();
            if (p.phase() == AttachProgress.Phase.ATTACHING) {
                attachReports.add(new long[] {p.done(), now - startCalled});
                if (firstAttach == 0) {
                    firstAttach = now;
                    firstAttachDone = p.done();
                }
                if (p.done() >= attachDone) {
                    lastAttach = now;
                    attachDone = p.done();
                    attachTotal = p.total();
                    attachFailed = Math.max(attachFailed, p.failed());
                }
            } else {
                detachReports.add(new long[] {p.done(), now - closeCalled});
                if (p.done() >= detachDone) {
                    lastDetach = now;
                    detachDone = p.done();
                    detachTotal = p.total();
                    detachFailed = Math.max(detachFailed, p.failed());
                }
            }
            int tenth = p.total() == 0 ? 10 : p.done() * 10 / p.total();
            if (tenth != printedTenth) {
                printedTenth = tenth == 10 ? -1 : tenth;
                long since = p.phase() == AttachProgress.Phase.ATTACHING ? startCalled : closeCalled;
                System.err.printf(Locale.ROOT, "[%s] %s %d/%d (failed %d) at %s s%n", label,
                        p.phase().name().toLowerCase(Locale.ROOT), p.done(), p.total(), p.failed(),
                        seconds(now - since));
            }
        }

        synchronized int attached() {
            return attachDone - attachFailed;
        }

        synchronized long startNanos() {
            return startReturned - startCalled;
        }

        synchronized long closeNanos() {
            return closeReturned - closeCalled;
        }
    }

    private static Measurement measure(Backend backend, String regex, int limit, Options options, String label)
            throws InterruptedException {
        Measurement m = new Measurement(backend, limit);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.timeoutSeconds());
        ExecutorService worker = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("harness-" + label).daemon().factory());
        try {
            Future<Tracer> starting = worker.submit(() -> {
                // What start() does before loading anything, timed on its own just before it.
                long resolving = System.nanoTime();
                FunctionSelection selection = FunctionCatalog.load(Btf.vmlinux(), KernelSymbols.load(), Set.of(), false)
                        .select(STRUCT, Pattern.compile(regex));
                TracedFunction first = selection.functions().getFirst();
                String whyNot = new BackendProbe(first.name(), first.address()).probe(backend);
                m.resolveNanos = System.nanoTime() - resolving;
                if (whyNot != null) {
                    throw new IllegalStateException(backend.shortName() + " does not work here: " + whyNot);
                }
                var builder = Tracer.builder().traceSkbFunctions(regex).backend(backend)
                        .kprobeBatch(options.kprobeBatch())
                        .onAttachProgress(p -> m.progress(p, label))
                        .onEventView(view -> { });
                synchronized (m) {
                    m.startCalled = System.nanoTime();
                }
                Tracer tracer = builder.start();
                synchronized (m) {
                    m.startReturned = System.nanoTime();
                    m.functionCount = tracer.functionCount();
                }
                return tracer;
            });
            Tracer tracer = await(starting, deadline, m, "start()");
            if (tracer == null) {
                return m;
            }
            var stats = tracer.stats();
            m.events = stats.delivered();
            m.lost = stats.lost();
            Future<?> closing = worker.submit(() -> {
                synchronized (m) {
                    m.closeCalled = System.nanoTime();
                }
                tracer.close();
                synchronized (m) {
                    m.closeReturned = System.nanoTime();
                }
                return null;
            });
            await(closing, deadline, m, "close()");
            return m;
        } finally {
            worker.shutdownNow();
        }
    }

    /** The future's value, or null with the failure recorded; on timeout, interrupts it and waits a little. */
    private static <T> T await(Future<T> future, long deadline, Measurement m, String what)
            throws InterruptedException {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            m.failure = what + " failed: " + e.getCause();
            return null;
        } catch (TimeoutException e) {
            m.failure = what + " did not finish within the backend's time limit";
            future.cancel(true);
            try {
                T late = future.get(60, TimeUnit.SECONDS);
                if (late instanceof AutoCloseable closeable) {
                    try {
                        closeable.close();
                    } catch (Exception ignored) {
                        m.abandoned = true;
                    }
                }
            } catch (ExecutionException | java.util.concurrent.CancellationException unwound) {
                // Interrupted attaching undoes itself and throws; nothing is left attached.
            } catch (TimeoutException stillBusy) {
                m.abandoned = true;
            }
            return null;
        }
    }

    private static String describeProgress(Measurement m) {
        return m.closeCalled == 0
                ? "attached %d of %d, %d failed".formatted(m.attachDone, m.attachTotal, m.attachFailed)
                : "detached %d of %d".formatted(m.detachDone, m.detachTotal);
    }

    // ---- selection -----------------------------------------------------------------------------

    private static Catalog catalog() {
        long t0 = System.nanoTime();
        Btf vmlinux = Btf.vmlinux();
        int candidates = vmlinux.functionsTakingPointerTo(STRUCT, FunctionCatalog.MAX_ARG_POSITION).size();
        long t1 = System.nanoTime();
        KernelSymbols symbols = KernelSymbols.load();
        long t2 = System.nanoTime();
        FunctionSelection selection = FunctionCatalog.load(vmlinux, symbols, Set.of(), false)
                .select(STRUCT, Pattern.compile(".*"));
        long t3 = System.nanoTime();
        return new Catalog(candidates, selection, t1 - t0, t2 - t1, t3 - t2);
    }

    /** {@code .*}, or an alternation of the first {@code limit} selectable functions' names. */
    private static String regex(FunctionSelection selection, int limit) {
        if (limit <= 0 || limit >= selection.functions().size()) {
            return ".*";
        }
        return selection.functions().stream().limit(limit).map(TracedFunction::name)
                .map(name -> name.matches("\\w+") ? name : Pattern.quote(name)).distinct()
                .collect(Collectors.joining("|"));
    }

    // ---- output --------------------------------------------------------------------------------

    private static void printMachine() {
        String cpu = firstLine(Path.of("/proc/cpuinfo"), "model name").replaceFirst("^model name\\s*:\\s*", "");
        String mem = firstLine(Path.of("/proc/meminfo"), "MemTotal").replaceAll("\\D+", "");
        String vm = "1".equals(System.getenv("VISTA_VM")) ? "yes (vm/run.sh, TCG-emulated)" : "no (host)";
        System.out.printf(Locale.ROOT, "machine: kernel %s, nproc %d, %s, memory %s MiB, in the VM: %s, JDK %s%n",
                read(Path.of("/proc/sys/kernel/osrelease")), Runtime.getRuntime().availableProcessors(), cpu,
                mem.isEmpty() ? "?" : Long.parseLong(mem) / 1024, vm, Runtime.version());
    }

    private static void printTable(List<Measurement> results, Catalog catalog) {
        System.out.println();
        System.out.println("| backend | functions | attached | skipped | start() | selection + probe (a) "
                + "| before 1st progress (done then) | 1st progress → end | attach rate (b) | attach, all at that rate "
                + "| close() | detach links (c) | detach rate | events |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (Measurement m : results) {
            synchronized (m) {
                String functions = m.limit > 0 && m.limit < catalog.selection().functions().size()
                        ? "first " + m.limit : "all " + catalog.selection().functions().size();
                String resolve = m.resolveNanos == 0 ? "" : seconds(m.resolveNanos) + " s";
                String attachRate = rate(m.attachDone - m.firstAttachDone, m.lastAttach - m.firstAttach);
                String extrapolated = m.attachDone > m.firstAttachDone
                        ? seconds((m.lastAttach - m.firstAttach) * m.attachTotal / (m.attachDone - m.firstAttachDone)) + " s"
                        : "";
                if (m.startReturned == 0) {
                    System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | | | %s | %s | | | | |%n",
                            m.backend.shortName(), functions, m.attachDone == 0 ? "-" : m.attached(),
                            m.attachDone == 0 ? "-" : m.attachFailed, m.failure == null ? "-" : "FAILED", resolve,
                            attachRate, extrapolated);
                    continue;
                }
                String before = m.firstAttach == 0 ? "-"
                        : seconds(m.firstAttach - m.startCalled) + " s (" + m.firstAttachDone + ")";
                String after = m.firstAttach == 0 ? "-" : seconds(m.startReturned - m.firstAttach) + " s";
                String close = m.closeReturned == 0 ? "FAILED" : seconds(m.closeReturned - m.closeCalled) + " s";
                String detach = m.lastDetach == 0 ? "-"
                        : seconds(m.lastDetach - m.closeCalled) + " s (" + m.detachTotal + ")";
                String detachRate = m.lastDetach == 0 ? "-" : rate(m.attached(), m.lastDetach - m.closeCalled);
                System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %s s | %s | %s | %s | %s | %s | %s | %s | %s | %d |%n",
                        m.backend.shortName(), functions, m.attached(), m.attachFailed,
                        seconds(m.startReturned - m.startCalled), resolve, before, after, attachRate, extrapolated,
                        close, detach, detachRate, m.events);
                if (m.functionCount != m.attachTotal) {
                    System.out.printf(Locale.ROOT, "  (%s: functionCount() %d, progress total %d)%n",
                            m.backend.shortName(), m.functionCount, m.attachTotal);
                }
            }
        }
        System.out.println();
        System.out.println("(a) what start() does before loading BPF (parse BTF, read kallsyms and ftrace's list, "
                + "select, probe the backend), timed on its own just before start()");
        System.out.println("(b) functions per second between the first and the last ATTACHING report");
        System.out.println("(c) close() up to the last DETACHING report, and how many links were closed; "
                + "detach rate: attached functions per second of it");
        for (Measurement m : results) {
            synchronized (m) {
                // Few reports means one per link (kprobe-multi): show when each link was done.
                if (!m.attachReports.isEmpty() && m.attachReports.size() <= 10) {
                    System.out.printf(Locale.ROOT, "%s, each report (functions done at seconds since the call): "
                            + "attaching %s; detaching %s%n", m.backend.shortName(), reports(m.attachReports),
                            reports(m.detachReports));
                }
            }
        }
        results.forEach(m -> System.out.printf(Locale.ROOT, "probe of %s alone: %s ms%n", m.backend.shortName(),
                ms(m.probeNanos)));
    }

    private static String reports(List<long[]> reports) {
        return reports.stream().map(r -> r[0] + " at " + seconds(r[1])).collect(Collectors.joining(", "));
    }

    private static String rate(int functions, long nanos) {
        if (functions <= 0 || nanos <= 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.0f/s", functions / (nanos / 1e9));
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    private static String firstLine(Path file, String prefix) {
        try (var lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith(prefix)).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    // ---- arguments -----------------------------------------------------------------------------

    private static Options parse(String[] args) {
        List<String> backends = new ArrayList<>();
        int limit = 0;
        long timeout = 600;
        int batch = 16;
        boolean warmup = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--limit" -> limit = positive(value(args, ++i), "--limit");
                case "--timeout" -> timeout = positive(value(args, ++i), "--timeout");
                case "--kprobe-batch" -> batch = positive(value(args, ++i), "--kprobe-batch");
                case "--no-warmup" -> warmup = false;
                default -> {
                    if (args[i].startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + args[i]);
                    }
                    backends.add(args[i]);
                }
            }
        }
        List<Run> runs = new ArrayList<>();
        if (backends.isEmpty()) {
            for (Backend backend : DEFAULT_BACKENDS) {
                runs.add(new Run(backend, limit));
            }
        }
        for (String spec : backends) {
            int colon = spec.indexOf(':');
            Backend backend;
            try {
                backend = Backend.parse(colon < 0 ? spec : spec.substring(0, colon));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
            if (backend == Backend.AUTO) {
                throw new IllegalArgumentException("name a backend: kprobe-multi, fentry or kprobe (not auto)");
            }
            runs.add(new Run(backend, colon < 0 ? limit : positive(spec.substring(colon + 1), spec)));
        }
        return new Options(List.copyOf(runs), timeout, batch, warmup);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static int positive(String text, String what) {
        try {
            int n = Integer.parseInt(text);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(what + ": '" + text + "' is not a positive number");
    }
}
