package dev.vista.internal.functions;

import dev.vista.InvalidPlanException;
import dev.vista.internal.btf.Btf;
import dev.vista.internal.btf.Btf.FunctionArg;
import dev.vista.internal.kallsyms.KernelSymbols;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel functions a tracer can attach to, chosen as pwru does: every FUNC in the BTF of vmlinux
 * (and of the modules asked for) that takes a pointer to a given struct among its first five
 * parameters (the arguments a kprobe can read from registers), and that is attachable: listed in
 * {@code available_filter_functions}. Where that file cannot be read (tracefs not mounted, or kernel lockdown),
 * a code symbol in kallsyms ({@link KernelSymbols#textAddress}) is enough, as kprobes and fentry need no more;
 * only then is kallsyms read here (it takes seconds under emulation, and kprobe-multi and fentry attach without
 * addresses).
 *
 * <p>Immutable and thread-safe once loaded.
 */
public final class FunctionCatalog {
    /** The last argument position a BPF program reads from a register (as in pwru and vista). */
    public static final int MAX_ARG_POSITION = 5;
    private static final int EXAMPLES = 5;
    private static final Logger log = LoggerFactory.getLogger(FunctionCatalog.class);

    /** A BTF whose functions are candidates, and the module it belongs to (null for vmlinux). */
    private record Source(String module, Btf btf) {}

    private final List<Source> sources;
    private final Supplier<KernelSymbols> symbols;
    private final FtraceFunctions ftrace; // null when unreadable

    private FunctionCatalog(List<Source> sources, Supplier<KernelSymbols> symbols, FtraceFunctions ftrace) {
        this.sources = sources;
        this.symbols = symbols;
        this.ftrace = ftrace;
    }

    /**
     * The running kernel's, with the BTF of the modules in {@code kmods}, or of all modules when {@code allKmods}.
     *
     * @param symbols the kernel's symbol table (the one the tracer also symbolises stacks with), asked for only
     *                when available_filter_functions cannot be read
     * @throws InvalidPlanException when a module in {@code kmods} has no BTF
     */
    public static FunctionCatalog load(Btf vmlinux, Supplier<KernelSymbols> symbols, Set<String> kmods,
            boolean allKmods) {
        return load(KernelFiles.DEFAULT, vmlinux, symbols, kmods, allKmods);
    }

    /**
     * As {@link #load(Btf, Supplier, Set, boolean)}, with the BTF and ftrace list from other files.
     *
     * @throws InvalidPlanException when a module in {@code kmods} has no BTF
     */
    public static FunctionCatalog load(KernelFiles files, Btf vmlinux, Supplier<KernelSymbols> symbols,
            Set<String> kmods, boolean allKmods) {
        long started = System.nanoTime();
        var sources = new ArrayList<Source>();
        sources.add(new Source(null, vmlinux));
        ModuleBtfs.load(files.btfDir(), vmlinux, kmods, allKmods).forEach((module, btf) -> sources.add(new Source(module, btf)));
        FtraceFunctions ftrace = FtraceFunctions.read(files.ftraceFunctions(), vmlinux.indexCache()).orElse(null);
        log.debug("function catalog: {} module BTFs, {} in {} ms", sources.size() - 1,
                ftrace == null ? "no ftrace list" : ftrace.size() + " ftrace functions", (System.nanoTime() - started) / 1_000_000);
        return new FunctionCatalog(List.copyOf(sources), symbols, ftrace);
    }

    /**
     * The attachable functions that take {@code struct structName *} in positions 1-5 and whose whole
     * name {@code nameFilter} matches ({@link java.util.regex.Matcher#matches()}, as pwru's --filter-func
     * and vista's --filter-skb-func have it): {@code ip_rcv} selects only ip_rcv; {@code ip_rcv.*} ip_rcv,
     * ip_rcv_core, ip_rcv_finish...; {@code .*} all of them.
     *
     * @param structName {@code sk_buff} for packet tracing, {@code sock} for socket tracing
     * @throws InvalidPlanException when nothing is selected, saying why
     */
    public FunctionSelection select(String structName, Pattern nameFilter) {
        var selected = new ArrayList<TracedFunction>();
        var ignored = new EnumMap<IgnoreReason, Integer>(IgnoreReason.class);
        var candidates = new ArrayList<String>(); // sorted only for an error message: start-up is interpreted
        KernelSymbols kallsyms = ftrace == null ? symbols.get() : null;
        for (Source source : sources) {
            for (FunctionArg arg : source.btf().functionsTakingPointerTo(structName, MAX_ARG_POSITION)) {
                candidates.add(arg.function());
                if (!nameFilter.matcher(arg.function()).matches()) {
                    continue;
                }
                IgnoreReason unattachable = unattachable(kallsyms, arg.function(), source.module());
                if (unattachable != null) {
                    ignored.merge(unattachable, 1, Integer::sum);
                } else {
                    selected.add(new TracedFunction(arg.function(), arg.position() + 1, source.module(), arg.funcId()));
                }
            }
        }
        var selection = new FunctionSelection(structName, selected, ignored);
        if (selected.isEmpty()) {
            throw nothingSelected(selection, nameFilter, new TreeSet<>(candidates));
        }
        log.debug("functions matching /{}/: {}", nameFilter, selection.summary());
        return selection;
    }

    /** Why {@code function} cannot be attached to, or null when it can; {@code kallsyms} decides without ftrace. */
    private IgnoreReason unattachable(KernelSymbols kallsyms, String function, String module) {
        if (ftrace != null) {
            return ftrace.contains(function, module) ? null : IgnoreReason.NOT_TRACEABLE;
        }
        return kallsyms.textAddress(function, module).isPresent() ? null : IgnoreReason.NOT_IN_KALLSYMS;
    }

    private static InvalidPlanException nothingSelected(FunctionSelection empty, Pattern nameFilter, TreeSet<String> candidates) {
        String structName = empty.structName();
        if (candidates.isEmpty()) {
            return new InvalidPlanException("no kernel function takes a struct %s * in its first %d arguments (is the struct name right?)"
                    .formatted(structName, MAX_ARG_POSITION));
        }
        if (empty.ignored().isEmpty()) {
            return new InvalidPlanException(("function filter /%s/ matches none of the %d kernel functions taking struct %s *"
                    + " (e.g. %s); it is a regular expression that must match a whole name: ip_rcv selects only ip_rcv,"
                    + " ip_rcv.* also ip_rcv_core, ip_rcv_finish...")
                    .formatted(nameFilter, candidates.size(), structName, String.join(", ", examples(candidates))));
        }
        return new InvalidPlanException("function filter /%s/ matches %d of the %d kernel functions taking struct %s *, but none can be traced: %s"
                .formatted(nameFilter, empty.ignoredCount(), candidates.size(), structName, empty.describeIgnored()));
    }

    /** Names spread over the alphabet rather than the first few, which all start with underscores. */
    private static List<String> examples(TreeSet<String> names) {
        List<String> sorted = List.copyOf(names);
        int n = Math.min(EXAMPLES, sorted.size());
        return IntStream.range(0, n).mapToObj(i -> sorted.get(i * sorted.size() / n)).toList();
    }
}
