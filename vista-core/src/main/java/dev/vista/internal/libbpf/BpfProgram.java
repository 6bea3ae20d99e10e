package dev.vista.internal.libbpf;

import static dev.vista.internal.libbpf.LibbpfLayouts.BPF_KPROBE_MULTI_OPTS;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.vista.internal.libc.NativeCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/** A program of a {@link BpfObject}; valid while the object is open. */
public final class BpfProgram {
    /** sizeof(struct bpf_insn). */
    public static final int BPF_INSN_SIZE = 8;
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

    /** Before load: the kernel function a tracing (fentry) program attaches to. */
    public void setAttachTarget(String function) {
        try (Arena call = Arena.ofConfined()) {
            int rc = Libbpf.bpf_program__set_attach_target(program, 0, call.allocateFrom(function));
            if (rc < 0) {
                throw new LibbpfException("setting the attach target of " + name + " to " + function, -rc);
            }
        }
    }

    /** Attaches a kprobe program to one kernel function (one perf event per call: slow in bulk). */
    public BpfLink attachKprobe(String function) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = NativeCalls.newCallState(call);
            MemorySegment link = Libbpf.bpf_program__attach_kprobe(state, program, false, call.allocateFrom(function));
            if (link.equals(MemorySegment.NULL)) {
                throw new LibbpfException("attaching kprobe " + name + " to " + function, NativeCalls.errno(state));
            }
            return new BpfLink(name, link);
        }
    }

    /** Attaches a kprobe.multi program to all these functions at once: one link. */
    public BpfLink attachKprobeMulti(List<String> functions) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment symbols = call.allocate(ADDRESS, functions.size());
            for (int i = 0; i < functions.size(); i++) {
                symbols.setAtIndex(ADDRESS, i, call.allocateFrom(functions.get(i)));
            }
            MemorySegment opts = call.allocate(BPF_KPROBE_MULTI_OPTS);
            opts.set(JAVA_LONG, LibbpfLayouts.offset(BPF_KPROBE_MULTI_OPTS, "sz"), BPF_KPROBE_MULTI_OPTS.byteSize());
            opts.set(ADDRESS, LibbpfLayouts.offset(BPF_KPROBE_MULTI_OPTS, "syms"), symbols);
            opts.set(JAVA_LONG, LibbpfLayouts.offset(BPF_KPROBE_MULTI_OPTS, "cnt"), functions.size());
            MemorySegment state = NativeCalls.newCallState(call);
            MemorySegment link = Libbpf.bpf_program__attach_kprobe_multi_opts(state, program, MemorySegment.NULL, opts);
            if (link.equals(MemorySegment.NULL)) {
                throw new LibbpfException("attaching kprobe-multi " + name + " to " + functions.size() + " functions",
                        NativeCalls.errno(state));
            }
            return new BpfLink(name, link);
        }
    }

    /** After load: the final instructions (CO-RE relocated, map fds embedded), to load copies of this program. */
    public MemorySegment instructions() {
        long count = Libbpf.bpf_program__insn_cnt(program);
        return Libbpf.bpf_program__insns(program).reinterpret(count * BPF_INSN_SIZE);
    }
}
