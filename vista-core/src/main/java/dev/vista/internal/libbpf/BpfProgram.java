package dev.vista.internal.libbpf;

import dev.vista.internal.libc.NativeCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** A program of a {@link BpfObject}; valid while the object is open. */
public final class BpfProgram {
    private final String name;
    private final MemorySegment program;

    BpfProgram(String name, MemorySegment program) {
        this.name = name;
        this.program = program;
    }

    public String name() {
        return name;
    }

    /** Programs not wanted are left out of the load, which also saves verifier time. */
    public void setAutoload(boolean autoload) {
        int rc = Libbpf.bpf_program__set_autoload(program, autoload);
        if (rc < 0) {
            throw new LibbpfException("setting autoload of program " + name, -rc);
        }
    }

    /** Attaches by the program's section (e.g. tp_btf/NAME); the link is fd-based and dies with the process. */
    public BpfLink attach() {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = NativeCalls.newCallState(call);
            MemorySegment link = Libbpf.bpf_program__attach(state, program);
            if (link.equals(MemorySegment.NULL)) {
                throw new LibbpfException("attaching program " + name, NativeCalls.errno(state));
            }
            return new BpfLink(name, link);
        }
    }

    public int fd() {
        return Libbpf.bpf_program__fd(program);
    }
}
