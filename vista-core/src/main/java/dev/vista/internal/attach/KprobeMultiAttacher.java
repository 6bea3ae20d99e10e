package dev.vista.internal.attach;

import dev.vista.Backend;
import dev.vista.internal.functions.TracedFunction;
import dev.vista.internal.libbpf.Attachment;
import dev.vista.internal.libbpf.BpfObject;
import java.util.List;
import java.util.Map;

/** One kprobe-multi link per program slot (struct and argument position): all its functions in one call. */
final class KprobeMultiAttacher implements FunctionAttacher {

    @Override
    public Backend backend() {
        return Backend.KPROBE_MULTI;
    }

    @Override
    public List<Attachment> attach(BpfObject object, Map<ProgramSlot, List<TracedFunction>> bySlot,
            ProgressReporter progress) {
        return Attachments.allOrNone(links -> bySlot.forEach((slot, functions) -> {
            List<String> names = functions.stream().map(TracedFunction::name).toList();
            links.add(object.program(FunctionPrograms.name(backend(), slot)).attachKprobeMulti(names));
            progress.succeeded(names.size());
        }));
    }
}
