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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel functions a trace attaches to, grouped by the skb's argument position, and the
 * backend that will do it, resolved against the running kernel before anything is loaded.
 */
public record SelectedFunctions(Map<Integer, List<TracedFunction>> byPosition, Backend backend, int kprobeBatch) {
    private static final Logger LOG = LoggerFactory.getLogger(SelectedFunctions.class);
    private static final SelectedFunctions NONE = new SelectedFunctions(Map.of(), null, 0);
    private static final String TRACEPOINT_ADVICE = "trace the skb tracepoints instead: Tracer.builder().traceSkb() "
            + "(the vista command does so without --filter-skb-func)";

    public SelectedFunctions {
        byPosition = Map.copyOf(byPosition);
    }

    public int count() {
        return byPosition.values().stream().mapToInt(List::size).sum();
    }

    public static SelectedFunctions resolve(FunctionTracing spec, KernelBtf btf, KernelSymbols symbols) {
        if (spec == null) {
            return NONE;
        }
        FunctionSelection selection = FunctionCatalog.load(btf.btf(), symbols, spec.kernelModules(),
                spec.allKernelModules()).select("sk_buff", spec.filter());
        List<TracedFunction> functions = selection.functions();
        String probeTarget = functions.stream().filter(f -> f.module() == null).map(TracedFunction::name)
                .findFirst().orElse("ip_rcv");
        Backend backend = chooseBackend(spec.backend(), new BackendProbe(probeTarget));
        if (backend == Backend.FENTRY) {
            List<TracedFunction> inVmlinux = functions.stream().filter(f -> f.module() == null).toList();
            if (inVmlinux.size() < functions.size()) {
                LOG.warn("fentry: {} module functions are skipped (fentry on modules is not supported yet; "
                        + "use the kprobe-multi or kprobe backend for them)", functions.size() - inVmlinux.size());
            }
            functions = inVmlinux;
        }
        return new SelectedFunctions(functions.stream().collect(Collectors.groupingBy(TracedFunction::position,
                TreeMap::new, Collectors.toList())), backend, spec.kprobeBatch());
    }

    private static Backend chooseBackend(Backend requested, BackendProbe probe) {
        if (requested != Backend.AUTO) {
            String whyNot = probe.probe(requested);
            if (whyNot != null) {
                throw new KernelFeatureException("the " + requested.cliName() + " backend does not work on this kernel ("
                        + whyNot + "); it needs " + requested.kernelFeature() + ". Choose another backend (or AUTO), or "
                        + TRACEPOINT_ADVICE);
            }
            return requested;
        }
        Map<Backend, String> probed = probe.probeAll();
        Backend fastest = BackendProbe.fastest(probed);
        if (fastest == null) {
            throw new KernelFeatureException("no kernel-function backend works on this kernel: "
                    + probed.entrySet().stream().map(e -> e.getKey().cliName() + " needs " + e.getKey().kernelFeature()
                            + " (" + e.getValue() + ")").collect(Collectors.joining("; "))
                    + ". " + TRACEPOINT_ADVICE.substring(0, 1).toUpperCase() + TRACEPOINT_ADVICE.substring(1));
        }
        LOG.info("kernel-function backend: {} (probed: {})", fastest.cliName(), probed.keySet().stream()
                .map(b -> b.cliName() + (probed.get(b) == null ? " works" : " does not")).toList());
        return fastest;
    }
}
