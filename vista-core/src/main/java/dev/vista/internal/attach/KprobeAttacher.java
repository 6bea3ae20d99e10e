package dev.vista.internal.attach;

import dev.vista.Backend;
import dev.vista.internal.functions.TracedFunction;
import dev.vista.internal.kallsyms.KernelSymbols;
import dev.vista.internal.libbpf.Attachment;
import dev.vista.internal.libbpf.BpfObject;
import dev.vista.internal.libbpf.BpfProgram;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A kprobe per function, attached concurrently by {@code batch} threads, by address: the kernel refuses a kprobe on
 * a name that several functions share, so kallsyms says where each starts (the lowest address of such a name).
 */
final class KprobeAttacher implements FunctionAttacher {
    private final int batch;
    private final Supplier<KernelSymbols> symbols;

    KprobeAttacher(int batch, Supplier<KernelSymbols> symbols) {
        this.batch = batch;
        this.symbols = symbols;
    }

    @Override
    public Backend backend() {
        return Backend.KPROBE;
    }

    @Override
    public List<Attachment> attach(BpfObject object, Map<ProgramSlot, List<TracedFunction>> bySlot,
            ProgressReporter progress) {
        KernelSymbols kallsyms = symbols.get();
        return Attachments.allOrNone(links -> bySlot.forEach((slot, functions) -> {
            BpfProgram program = object.program(FunctionPrograms.perSlot(backend(), slot));
            links.addAll(ConcurrentAttach.run("kprobe attach", functions, batch,
                    function -> program.attachKprobe(address(kallsyms, function), function.name()), progress));
        }));
    }

    private static long address(KernelSymbols kallsyms, TracedFunction function) {
        return kallsyms.textAddress(function.name(), function.module()).orElseThrow(() -> new IllegalStateException(
                "not in kallsyms, where a kprobe needs its address"));
    }
}
