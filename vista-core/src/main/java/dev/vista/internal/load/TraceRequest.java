package dev.vista.internal.load;

import dev.vista.AttachProgress;
import dev.vista.Backend;
import dev.vista.event.SkTracepoint;
import dev.vista.event.Tracepoint;
import dev.vista.internal.attach.ProgramSlot;
import dev.vista.internal.btf.Btf;
import dev.vista.internal.functions.TracedFunction;
import dev.vista.internal.kallsyms.KernelSymbols;
import dev.vista.internal.netfilter.NetfilterWatch;
import dev.vista.internal.pcapfilter.PcapFilter;
import dev.vista.internal.programs.TracedPrograms;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What to load and attach, resolved against the running kernel: tracepoints it has, functions
 * it can attach to (by program slot: struct and argument position), a backend that works here,
 * whether to follow TCP connection lifetimes, the cgroup whose sockets to report (or null), the sock
 * tracepoints to trace, how to observe netfilter verdicts and which tables (or null), the TC/XDP programs to
 * follow (or null), the translated pcap filter to splice in (or null), the BTF file to relocate against (null:
 * the kernel's own), the running kernel's BTF, parsed already (null: libbpf reads it), and its symbols (asked
 * for only by what attaches by address).
 */
public record TraceRequest(Set<Tracepoint> tracepoints, Map<ProgramSlot, List<TracedFunction>> functions,
        Backend backend, int kprobeBatch, Supplier<KernelSymbols> symbols, boolean tcpLifetime, Path cgroupSockets,
        Set<SkTracepoint> skTracepoints, NetfilterWatch netfilter, TracedPrograms programs, ConfigValues config,
        PcapFilter pcapFilter, int ringBytes, Path kernelBtf, Btf runningKernel,
        Consumer<? super AttachProgress> progressListener) {

    public TraceRequest {
        tracepoints = Set.copyOf(tracepoints);
        skTracepoints = Set.copyOf(skTracepoints);
        functions = Map.copyOf(functions);
    }

    public int functionCount() {
        return functions.values().stream().mapToInt(List::size).sum();
    }
}
