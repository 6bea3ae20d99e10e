package dev.vista.internal.attach;

import dev.vista.Backend;
import dev.vista.internal.functions.TracedFunction;
import dev.vista.internal.libbpf.Attachment;
import dev.vista.internal.libbpf.BpfObject;
import java.util.ArrayList;
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
        List<Attachment> links = new ArrayList<>();
        try {
            for (Map.Entry<ProgramSlot, List<TracedFunction>> slot : bySlot.entrySet()) {
                List<String> names = slot.getValue().stream().map(TracedFunction::name).toList();
                links.add(object.program(FunctionPrograms.name(backend(), slot.getKey()))
                        .attachKprobeMulti(names));
                progress.succeeded(names.size());
            }
            return links;
        } catch (RuntimeException e) {
            Attachments.closeAll(links, e);
            throw e;
        }
    }
}
