package dev.vista.internal.attach;

import dev.vista.Backend;
import dev.vista.FunctionTracing;
import dev.vista.KernelFeatureException;
import dev.vista.internal.functions.FunctionCatalog;
import dev.vista.internal.functions.FunctionSelection;
import dev.vista.internal.functions.TracedFunction;
import dev.vista.internal.kallsyms.KernelSymbols;
import dev.vista.internal.kernel.BackendProbe;
import dev.vista.internal.kernel.KernelBtf;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel functions a trace attaches to, grouped by program slot (struct and argument
 * position), and the backend that will do it, resolved against the running kernel before
 * anything is loaded. AUTO probes the kernel for the fastest backend that works; a backend the
 * user named is not probed (a probe loads and attaches a program, seconds under emulation): should
 * loading or attaching fail, {@link #explain} probes it then, to say whether the kernel lacks it.
 *
 * @param unprobed the probe of the named backend, kept for {@link #explain}; null when AUTO chose, or nothing
 *                 is traced
 */
public record SelectedFunctions(Map<ProgramSlot, List<TracedFunction>> bySlot, Backend backend, int kprobeBatch,
        BackendProbe unprobed) {
    private static final Logger LOG = LoggerFactory.getLogger(SelectedFunctions.class);
    private static final SelectedFunctions NONE = new SelectedFunctions(Map.of(), null, 0, null);
    private static final String NO_READ_ONLY_CAST = "its programs read kernel structs through the bpf_rdonly_cast "
            + "kfunc of Linux 6.2+, which this kernel lacks (not in its BTF)";
    private static final String TRACEPOINT_ADVICE = "trace the skb tracepoints instead: Tracer.builder().traceSkb()";

    public SelectedFunctions {
        bySlot = Map.copyOf(bySlot);
    }

    public int count() {
        return bySlot.values().stream().mapToInt(List::size).sum();
    }

    /**
     * @param kallsyms the kernel's symbols, asked for only where a name is not enough: available_filter_functions
     *                 cannot be read, or the backend probed or chosen is the kprobe one
     */
    public static SelectedFunctions resolve(FunctionTracing spec, KernelBtf btf, Supplier<KernelSymbols> kallsyms) {
        if (spec == null) {
            return NONE;
        }
        if (!btf.hasReadOnlyCast() && needsReadOnlyCast(spec.backend())) {
            throw unavailable(spec.backend(), NO_READ_ONLY_CAST);
        }
        FunctionCatalog catalog = FunctionCatalog.load(btf.btf(), kallsyms, spec.kernelModules(),
                spec.allKernelModules());
        Map<TracedStruct, List<TracedFunction>> selected = new LinkedHashMap<>();
        select(catalog, TracedStruct.SK_BUFF, spec.skbFilter(), selected);
        select(catalog, TracedStruct.SOCK, spec.skFilter(), selected);
        String probed = selected.values().stream().flatMap(List::stream).filter(f -> f.module() == null)
                .findFirst().map(TracedFunction::name).orElse("ip_rcv");
        BackendProbe probe = new BackendProbe(probed, kallsyms);
        boolean named = spec.backend() != Backend.AUTO;
        Backend backend = named ? spec.backend() : chooseBackend(probe, btf.hasReadOnlyCast());
        Map<ProgramSlot, List<TracedFunction>> bySlot = new TreeMap<>(
                Comparator.comparing(ProgramSlot::struct).thenComparingInt(ProgramSlot::position));
        selected.forEach((struct, functions) -> {
            for (TracedFunction function : functions) {
                bySlot.computeIfAbsent(new ProgramSlot(struct, function.position()), slot -> new ArrayList<>())
                        .add(function);
            }
        });
        return new SelectedFunctions(bySlot, backend, spec.kprobeBatch(), named ? probe : null);
    }

    private static void select(FunctionCatalog catalog, TracedStruct struct, Pattern filter,
            Map<TracedStruct, List<TracedFunction>> selected) {
        if (filter != null) {
            FunctionSelection selection = catalog.select(struct.btfName(), filter);
            LOG.info("{}", selection.summary());
            selected.put(struct, selection.functions());
        }
    }

    /**
     * What to throw for {@code failure}, which loading or attaching the trace ended with: when the backend was
     * named and a probe shows that it does not work on this kernel at all, that (with {@code failure} as the
     * cause); else {@code failure} itself.
     */
    public RuntimeException explain(RuntimeException failure) {
        String whyNot = unprobed == null ? null : unprobed.probe(backend);
        if (whyNot == null) {
            return failure;
        }
        return new KernelFeatureException(unavailableMessage(backend, whyNot), failure);
    }

    private static Backend chooseBackend(BackendProbe probe, boolean readOnlyCast) {
        Map<Backend, String> refused = new EnumMap<>(Backend.class);
        if (!readOnlyCast) {
            for (Backend backend : Backend.values()) {
                if (needsReadOnlyCast(backend)) {
                    refused.put(backend, NO_READ_ONLY_CAST);
                }
            }
        }
        Map<Backend, String> probed = probe.probeUntilOneWorks(refused);
        Backend fastest = BackendProbe.fastest(probed);
        if (fastest == null) {
            throw new KernelFeatureException("no kernel-function backend works on this kernel: "
                    + probed.entrySet().stream().map(e -> e.getKey().shortName() + " needs " + e.getKey().kernelFeature()
                            + " (" + e.getValue() + ")").collect(Collectors.joining("; "))
                    + ". To trace packets, " + TRACEPOINT_ADVICE);
        }
        LOG.info("kernel-function backend: {} (probed: {})", fastest.shortName(), probed.keySet().stream()
                .map(b -> b.shortName() + (probed.get(b) == null ? " works" : " does not")).toList());
        return fastest;
    }

    /** The kprobe programs type the pointers in their registers with bpf_rdonly_cast; fentry's are typed already. */
    private static boolean needsReadOnlyCast(Backend backend) {
        return backend == Backend.KPROBE || backend == Backend.KPROBE_MULTI;
    }

    private static KernelFeatureException unavailable(Backend requested, String whyNot) {
        return new KernelFeatureException(unavailableMessage(requested, whyNot));
    }

    private static String unavailableMessage(Backend requested, String whyNot) {
        return "the " + requested.shortName() + " backend does not work on this kernel (" + whyNot + "); it needs "
                + requested.kernelFeature() + ". Choose another backend (or AUTO), or " + TRACEPOINT_ADVICE;
    }
}
