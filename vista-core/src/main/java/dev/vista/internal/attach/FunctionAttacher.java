package dev.vista.internal.attach;

import dev.vista.Backend;
import dev.vista.internal.functions.TracedFunction;
import dev.vista.internal.libbpf.Attachment;
import dev.vista.internal.libbpf.BpfObject;
import java.util.List;
import java.util.Map;

/**
 * Puts the skb_functions object's programs of one backend on the selected functions: chooses the
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

    /** Before load: keep only this backend's programs for the argument positions in use. */
    default void prepare(BpfObject object, Map<Integer, List<TracedFunction>> byPosition) {
        for (Backend backend : List.of(Backend.KPROBE_MULTI, Backend.KPROBE, Backend.FENTRY)) {
            for (int position = 1; position <= SkbFunctionPrograms.MAX_POSITION; position++) {
                object.program(SkbFunctionPrograms.name(backend, position))
                        .setAutoload(backend == backend() && byPosition.containsKey(position));
            }
        }
    }

    /** After load: attaches, reporting progress; returns what to close to detach. */
    List<Attachment> attach(BpfObject object, Map<Integer, List<TracedFunction>> byPosition,
            ProgressReporter progress);
}
