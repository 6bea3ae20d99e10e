package dev.vista.internal.attach;

import dev.vista.internal.libbpf.Attachment;
import dev.vista.internal.libbpf.BpfLink;
import java.util.Map;

/** The kprobe-multi link, with the names of its functions by the addresses the kernel found them at. */
record KprobeMultiLink(BpfLink link, Map<Long, String> names) implements Attachment, FunctionNames {
    KprobeMultiLink {
        names = Map.copyOf(names);
    }

    @Override
    public String at(long address) {
        return names.get(address);
    }

    @Override
    public void close() {
        link.close();
    }
}
