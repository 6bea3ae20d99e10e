package dev.vista.internal.attach;

import dev.vista.Backend;
import dev.vista.internal.functions.TracedFunction;
import dev.vista.internal.libbpf.Attachment;
import dev.vista.internal.libbpf.BpfObject;
import java.util.List;
import java.util.Map;

/**
 * Puts the kernel_functions object's programs of one backend on the selected functions: chooses the
 * programs before load, attaches after. Functions that fail are skipped and counted; a run in
 * which none attaches fails.
 */
public sealed interface FunctionAttacher permits KprobeMultiAttacher, KprobeAttacher, FentryAttacher {

    static FunctionAttacher of(Backend backend, int kprobeBatch) {
        return switch (backend) {
            case KPROBE_MULTI -> new KprobeMultiAttacher();
            case KPROBE -> new KprobeAttacher(kprobeBatch);
            case FENTRY -> new FentryAttacher();
            case AUTO -> throw new IllegalArgumentException("AUTO is resolved by probing before attaching");
        };
    }

    Backend backend();

    /** Before load: keep only this backend's programs for the slots in use. */
    default void prepare(BpfObject object, Map<ProgramSlot, List<TracedFunction>> bySlot) {
        for (Backend backend : List.of(Backend.KPROBE_MULTI, Backend.KPROBE, Backend.FENTRY)) {
            for (TracedStruct struct : TracedStruct.values()) {
                for (int position = 1; position <= FunctionPrograms.MAX_POSITION; position++) {
                    ProgramSlot slot = new ProgramSlot(struct, position);
                    object.program(FunctionPrograms.name(backend, slot))
                            .setAutoload(backend == backend() && bySlot.containsKey(slot));
                }
            }
        }
    }

    /** After load: attaches, reporting progress; returns what to close to detach. */
    List<Attachment> attach(BpfObject object, Map<ProgramSlot, List<TracedFunction>> bySlot,
            ProgressReporter progress);
}
