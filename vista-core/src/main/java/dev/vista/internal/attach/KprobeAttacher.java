package dev.vista.internal.attach;

import dev.vista.Backend;
import dev.vista.internal.functions.TracedFunction;
import dev.vista.internal.libbpf.Attachment;
import dev.vista.internal.libbpf.BpfObject;
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
    public List<Attachment> attach(BpfObject object, Map<Integer, List<TracedFunction>> byPosition,
            ProgressReporter progress) {
        List<TracedFunction> all = byPosition.values().stream().flatMap(List::stream).toList();
        return ConcurrentAttach.run("kprobe attach", all, batch,
                function -> object.program(SkbFunctionPrograms.name(backend(), function.position()))
                        .attachKprobe(function.name()),
                progress);
    }
}
