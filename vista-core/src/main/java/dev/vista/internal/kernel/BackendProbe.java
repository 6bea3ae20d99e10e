package dev.vista.internal.kernel;

import dev.vista.Backend;
import dev.vista.internal.bpf.BpfResources;
import dev.vista.internal.kallsyms.KernelSymbols;
import dev.vista.internal.libbpf.BpfObject;
import dev.vista.internal.libbpf.BpfProgram;
import dev.vista.internal.libbpf.LibbpfLog;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns which kernel-function backends this kernel supports by doing it: loads the smallest
 * program of each backend and attaches it to a function every kernel has, then detaches. A
 * version string cannot tell (distributions backport, micro-VMs refuse trampolines).
 */
public final class BackendProbe {
    private static final Logger LOG = LoggerFactory.getLogger(BackendProbe.class);
    private static final String OBJECT = "feature_probes.bpf.o";
    private static final Map<Backend, String> PROGRAMS = Map.of(
            Backend.KPROBE_MULTI, "vista_probe_kmulti",
            Backend.FENTRY, "vista_probe_fentry",
            Backend.KPROBE, "vista_probe_kprobe");
    private static final List<Backend> FASTEST_FIRST = List.of(Backend.KPROBE_MULTI, Backend.FENTRY, Backend.KPROBE);

    private final String target;
    private final Supplier<KernelSymbols> symbols;

    /**
     * A probe on the kernel image's function {@code target}, attached to as the trace will: kprobe-multi and fentry
     * by name, a kprobe by its address in {@code symbols} (asked for only then).
     *
     * @param target a kernel function to attach the probes to (one the trace will attach to anyway)
     */
    public BackendProbe(String target, Supplier<KernelSymbols> symbols) {
        this.target = target;
        this.symbols = symbols;
    }

    /** For each backend, null if it works here, else why not (the kernel's own error). */
    public Map<Backend, String> probeAll() {
        Map<Backend, String> results = new EnumMap<>(Backend.class);
        for (Backend backend : FASTEST_FIRST) {
            results.put(backend, probe(backend));
        }
        return results;
    }

    /**
     * The backends fastest first up to the first that works (each probe loads and attaches a program: seconds
     * under emulation, so the slower ones are not asked once one works): null for that one, else why not.
     *
     * @param refused backends not to probe, with the reason they cannot be used
     */
    public Map<Backend, String> probeUntilOneWorks(Map<Backend, String> refused) {
        Map<Backend, String> results = new EnumMap<>(Backend.class);
        for (Backend backend : FASTEST_FIRST) {
            String whyNot = refused.containsKey(backend) ? refused.get(backend) : probe(backend);
            results.put(backend, whyNot);
            if (whyNot == null) {
                break;
            }
        }
        return results;
    }

    /** The fastest backend that works, or null with every reason in {@code whyNot}. */
    public static Backend fastest(Map<Backend, String> probed) {
        return FASTEST_FIRST.stream().filter(b -> probed.get(b) == null).findFirst().orElse(null);
    }

    /** Null if {@code backend} works on this kernel, else the reason it does not. */
    public String probe(Backend backend) {
        return LibbpfLog.expectingFailures(() -> attachProbe(backend));
    }

    private String attachProbe(Backend backend) {
        try (BpfObject object = BpfObject.open("vista_probe", BpfResources.bytes(OBJECT))) {
            for (Map.Entry<Backend, String> program : PROGRAMS.entrySet()) {
                object.program(program.getValue()).setAutoload(program.getKey() == backend);
            }
            BpfProgram program = object.program(PROGRAMS.get(backend));
            if (backend == Backend.FENTRY) {
                program.setAttachTarget(target);
            }
            object.load();
            switch (backend) {
                case KPROBE_MULTI -> program.attachKprobeMulti(new String[] {target}, new long[] {0}, target).close();
                case KPROBE -> program.attachKprobe(targetAddress(), target).close();
                default -> program.attach().close();
            }
            LOG.debug("backend {} works on this kernel", backend.shortName());
            return null;
        } catch (RuntimeException e) {
            LOG.debug("backend {} does not work on this kernel: {}", backend.shortName(), e.getMessage());
            return e.getMessage();
        }
    }

    private long targetAddress() {
        return symbols.get().textAddress(target, null).orElseThrow(() -> new IllegalArgumentException(
                "no function " + target + " in the kernel image's symbols (/proc/kallsyms) to probe backends with"));
    }
}
