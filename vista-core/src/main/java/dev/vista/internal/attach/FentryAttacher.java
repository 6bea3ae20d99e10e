package dev.vista.internal.attach;

import dev.vista.Backend;
import dev.vista.internal.functions.TracedFunction;
import dev.vista.internal.libbpf.Attachment;
import dev.vista.internal.libbpf.BpfObject;
import dev.vista.internal.libbpf.BpfProgram;
import dev.vista.internal.libbpf.ClonedProgram;
import dev.vista.internal.libbpf.KernelBtfObjects;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;

/**
 * fentry: a tracing program has exactly one target, fixed at load. The object loads one program
 * per slot (struct and argument position), aimed at the slot's first function; every other
 * function gets a copy of its final instructions, loaded for it and attached, on all cores (each
 * load runs the verifier). A copy for a module function is loaded against its module's BTF object.
 */
final class FentryAttacher implements FunctionAttacher {

    @Override
    public Backend backend() {
        return Backend.FENTRY;
    }

    @Override
    public void prepare(BpfObject object, Map<ProgramSlot, List<TracedFunction>> bySlot) {
        FunctionAttacher.super.prepare(object, bySlot);
        bySlot.forEach((slot, functions) -> object.program(FunctionPrograms.perSlot(backend(), slot))
                .setAttachTarget(functions.getFirst().name()));
    }

    @Override
    public List<Attachment> attach(BpfObject object, Map<ProgramSlot, List<TracedFunction>> bySlot,
            ProgressReporter progress) {
        try (KernelBtfObjects moduleBtfs = new KernelBtfObjects()) {
            return Attachments.allOrNone(links -> bySlot.forEach((slot, functions) -> {
                BpfProgram template = object.program(FunctionPrograms.perSlot(backend(), slot));
                links.add(template.attach());
                progress.succeeded(1);
                MemorySegment instructions = template.instructions();
                links.addAll(ConcurrentAttach.run("fentry attach", functions.subList(1, functions.size()),
                        Runtime.getRuntime().availableProcessors(),
                        function -> attachCopy(template.name(), instructions, function, moduleBtfs), progress));
            }));
        }
    }

    private static Attachment attachCopy(String name, MemorySegment instructions, TracedFunction function,
            KernelBtfObjects moduleBtfs) {
        int btfObject = function.module() == null ? 0 : moduleBtfs.moduleFd(function.module());
        try (ClonedProgram copy = ClonedProgram.load(name, instructions, ClonedProgram.BPF_TRACE_FENTRY,
                function.btfTypeId(), btfObject, function.name())) {
            return copy.attach(); // the link keeps the program loaded after its fd is closed
        }
    }
}
