package dev.vista.benchmarks.attach;

import dev.vista.internal.btf.Btf;
import dev.vista.internal.functions.FunctionCatalog;
import dev.vista.internal.functions.FunctionSelection;
import dev.vista.internal.functions.TracedFunction;
import dev.vista.internal.kallsyms.KernelSymbols;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The functions the harness attaches: those taking a {@code struct sk_buff *}, as the tracer selects them,
 * and how long finding them took before any backend ran.
 */
record SkbFunctions(int candidates, FunctionSelection selection, long parseNanos, long kallsymsNanos,
        long selectNanos) {
    static final String STRUCT = "sk_buff";

    /** Selects every function taking the struct, timing each step (in a cold JVM: the first run's costs). */
    static SkbFunctions load() {
        long t0 = System.nanoTime();
        Btf vmlinux = Btf.vmlinux();
        int candidates = vmlinux.functionsTakingPointerTo(STRUCT, FunctionCatalog.MAX_ARG_POSITION).size();
        long t1 = System.nanoTime();
        KernelSymbols symbols = KernelSymbols.load();
        long t2 = System.nanoTime();
        FunctionSelection selection = FunctionCatalog.load(vmlinux, () -> symbols, Set.of(), false)
                .select(STRUCT, Pattern.compile(".*"));
        long t3 = System.nanoTime();
        return new SkbFunctions(candidates, selection, t1 - t0, t2 - t1, t3 - t2);
    }

    /** {@code .*}, or an alternation of the first {@code limit} selectable functions' names. */
    String regex(int limit) {
        if (limit <= 0 || limit >= selection.functions().size()) {
            return ".*";
        }
        return selection.functions().stream().limit(limit).map(TracedFunction::name)
                .map(name -> name.matches("\\w+") ? name : Pattern.quote(name)).distinct()
                .collect(Collectors.joining("|"));
    }
}
