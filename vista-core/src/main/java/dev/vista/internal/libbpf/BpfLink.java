package dev.vista.internal.libbpf;

import java.lang.foreign.MemorySegment;

/** An attachment ({@code struct bpf_link *}); closing detaches it. */
public final class BpfLink implements Attachment {
    private final String programName;
    private MemorySegment link;

    BpfLink(String programName, MemorySegment link) {
        this.programName = programName;
        this.link = link;
    }

    public String programName() {
        return programName;
    }

    @Override
    public void close() {
        if (link != null) {
            int rc = Libbpf.bpf_link__destroy(link);
            link = null;
            if (rc < 0) {
                throw new LibbpfException("detaching program " + programName, -rc);
            }
        }
    }
}
