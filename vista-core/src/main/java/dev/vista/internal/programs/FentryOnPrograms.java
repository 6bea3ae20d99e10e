package dev.vista.internal.programs;

import dev.vista.KernelFeatureException;
import dev.vista.internal.bpf.BpfResources;
import dev.vista.internal.libbpf.BpfObject;
import dev.vista.internal.libbpf.LibbpfLog;

/**
 * Whether this kernel lets fentry/fexit attach to another BPF program, which is the only way to
 * see a TC or XDP program's packet and verdict. Learnt by doing it: load a tiny XDP program, then an
 * fentry program aimed at it. Micro-VM kernels without trampolines refuse the second load (EPERM).
 */
public final class FentryOnPrograms {
    private static final String OBJECT = "program_probes.bpf.o";
    private static final String TARGET = "vista_probe_xdp_target";
    private static final String TRACER = "vista_probe_prog_fentry";

    private FentryOnPrograms() {
    }

    /** Throws {@link KernelFeatureException}, naming fentry and what works instead, unless the kernel allows it. */
    public static void require() {
        String refused = LibbpfLog.expectingFailures(FentryOnPrograms::probe);
        if (refused != null) {
            throw refusedBecause(refused);
        }
    }

    /** Null if an fentry program loads against an XDP program here, else what the kernel answered. */
    private static String probe() {
        byte[] elf = BpfResources.bytes(OBJECT);
        try (BpfObject target = BpfObject.open("vista_probe", elf)) {
            target.program(TRACER).setAutoload(false);
            target.load();
            try (BpfObject tracer = BpfObject.open("vista_probe", elf)) {
                tracer.program(TARGET).setAutoload(false);
                tracer.program(TRACER).setAttachTarget(target.program(TARGET).fd(), TARGET);
                tracer.load();
                return null;
            }
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    static KernelFeatureException refusedBecause(String kernelAnswer) {
        return new KernelFeatureException("tracing TC and XDP programs needs fentry/fexit on BPF programs "
                + "(BPF trampolines), which this kernel refuses (" + kernelAnswer + "). What works instead: "
                + "traceSkb() (vista: --filter-trace-skb, the default) shows the packets TC programs drop, with the "
                + "drop reasons TC_INGRESS and TC_EGRESS on skb:kfree_skb; the kernel's xdp:xdp_exception and "
                + "xdp:xdp_redirect* tracepoints (perf record -e 'xdp:*') show XDP aborts and redirects. Tracing the "
                + "programs themselves needs a kernel with BPF trampolines (CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS, "
                + "as distribution kernels have)");
    }
}
