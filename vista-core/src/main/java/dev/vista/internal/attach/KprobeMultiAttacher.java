package dev.vista.internal.attach;

import dev.vista.Backend;
import dev.vista.internal.functions.TracedFunction;
import dev.vista.internal.libbpf.Attachment;
import dev.vista.internal.libbpf.BpfObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One kprobe-multi link per argument position, covering all its functions in one system call. */
final class KprobeMultiAttacher implements FunctionAttacher {

    @Override
    public Backend backend() {
        return Backend.KPROBE_MULTI;
    }

    @Override
    public List<Attachment> attach(BpfObject object, Map<Integer, List<TracedFunction>> byPosition,
            ProgressReporter progress) {
        List<Attachment> links = new ArrayList<>();
        try {
            for (Map.Entry<Integer, List<TracedFunction>> position : byPosition.entrySet()) {
                List<String> names = position.getValue().stream().map(TracedFunction::name).toList();
                links.add(object.program(SkbFunctionPrograms.name(backend(), position.getKey()))
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
