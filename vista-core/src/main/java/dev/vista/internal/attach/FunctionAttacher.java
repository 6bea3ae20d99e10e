package dev.vista.internal.attach;

import dev.vista.Backend;
import dev.vista.internal.functions.TracedFunction;
import dev.vista.internal.kallsyms.KernelSymbols;
import dev.vista.internal.libbpf.Attachment;
import dev.vista.internal.libbpf.BpfObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Puts one backend's kernel-function programs on the selected functions: names their object, chooses
 * the programs before load, attaches after. Functions that fail are skipped and counted; a run in
 * which none attaches fails.
 */
public sealed interface FunctionAttacher permits KprobeMultiAttacher, KprobeAttacher, FentryAttacher {

    /** @param symbols the kernel's symbols, asked for only by the backend that attaches by address (kprobe) */
    static FunctionAttacher of(Backend backend, int kprobeBatch, Supplier<KernelSymbols> symbols) {
        return switch (backend) {
            case KPROBE_MULTI -> new KprobeMultiAttacher();
            case KPROBE -> new KprobeAttacher(kprobeBatch, symbols);
            case FENTRY -> new FentryAttacher();
            case AUTO -> throw new IllegalArgumentException("AUTO is resolved by probing before attaching");
        };
    }

    Backend backend();

    /** The class-path resource of the BPF object that holds this backend's programs. */
    default String objectName() {
        return FunctionPrograms.object(backend());
    }

    /** The programs this backend needs for functions in these slots: by default one per slot. */
    default Set<String> programs(Set<ProgramSlot> slots) {
        return slots.stream().map(slot -> FunctionPrograms.perSlot(backend(), slot)).collect(Collectors.toSet());
    }

    /** Before load: keep only the programs this backend needs. */
    default void prepare(BpfObject object, Map<ProgramSlot, List<TracedFunction>> bySlot) {
        Set<String> needed = programs(bySlot.keySet());
        for (String program : FunctionPrograms.all(backend())) {
            object.program(program).setAutoload(needed.contains(program));
        }
    }

    /** After load: attaches, reporting progress; returns what to close to detach. */
    List<Attachment> attach(BpfObject object, Map<ProgramSlot, List<TracedFunction>> bySlot,
            ProgressReporter progress);
}
