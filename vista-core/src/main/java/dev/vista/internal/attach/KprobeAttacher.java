package dev.vista.internal.attach;

import dev.vista.Backend;
import dev.vista.internal.functions.TracedFunction;
import dev.vista.internal.libbpf.Attachment;
import dev.vista.internal.libbpf.BpfObject;
import dev.vista.internal.libbpf.BpfProgram;
import java.util.List;
import java.util.Map;

/** A kprobe per function, attached concurrently by {@code batch} threads. */
final class KprobeAttacher implements FunctionAttacher {
    private final int batch;

    KprobeAttacher(int batch) {
        this.batch = batch;
    }

    @Override
    public Backend backend() {
        return Backend.KPROBE;
    }

    @Override
    public List<Attachment> attach(BpfObject object, Map<ProgramSlot, List<TracedFunction>> bySlot,
            ProgressReporter progress) {
        return Attachments.allOrNone(links -> bySlot.forEach((slot, functions) -> {
            BpfProgram program = object.program(FunctionPrograms.perSlot(backend(), slot));
            links.addAll(ConcurrentAttach.run("kprobe attach", functions, batch,
                    function -> program.attachKprobe(function.address(), function.name()), progress));
        }));
    }
}
