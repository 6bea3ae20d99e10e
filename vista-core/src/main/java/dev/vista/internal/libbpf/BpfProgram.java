package dev.vista.internal.libbpf;

import static dev.vista.internal.libbpf.LibbpfLayouts.BPF_KPROBE_MULTI_OPTS;
import static dev.vista.internal.libbpf.LibbpfLayouts.BPF_KPROBE_OPTS;
import static dev.vista.internal.libbpf.LibbpfLayouts.BPF_TEST_RUN_OPTS;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.vista.internal.libc.CStrings;
import dev.vista.internal.libc.NativeCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** A program of a {@link BpfObject}; valid while the object is open. */
public final class BpfProgram {
    /** sizeof(struct bpf_insn). */
    public static final int BPF_INSN_SIZE = 8;
    private final BpfObject object;
    private final String name;
    private final MemorySegment program;

    BpfProgram(BpfObject object, String name, MemorySegment program) {
        this.object = object;
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
        object.autoloadSet(program, autoload);
    }

    /**
     * Before load: the program type and expected attach type, for sections this libbpf does not know
     * (libbpf 1.1 has no {@code netfilter} section).
     */
    public void setType(int programType, int expectedAttachType) {
        int rc = Libbpf.bpf_program__set_type(program, programType);
        if (rc == 0) {
            rc = Libbpf.bpf_program__set_expected_attach_type(program, expectedAttachType);
        }
        if (rc < 0) {
            throw new LibbpfException("setting the type of program " + name + " to " + programType, -rc);
        }
    }

    /**
     * Attaches by the program's section (e.g. tp_btf/NAME, or our vista_tp_btf/NAME, whose target was given at
     * load); the link is fd-based and dies with the process.
     */
    public BpfLink attach() {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = NativeCalls.newCallState(call);
            MemorySegment link = sectionName().startsWith(TracepointSections.PREFIX)
                    ? Libbpf.bpf_program__attach_trace(state, program) : Libbpf.bpf_program__attach(state, program);
            if (link.equals(MemorySegment.NULL)) {
                throw new LibbpfException("attaching program " + name, NativeCalls.errno(state));
            }
            return new BpfLink(name, link);
        }
    }

    /** The ELF section the program is in, such as {@code vista_tp_btf/kfree_skb} or {@code kprobe}. */
    @SuppressWarnings("restricted") // libbpf's NUL-terminated section name
    public String sectionName() {
        return sectionName(program);
    }

    @SuppressWarnings("restricted") // libbpf's NUL-terminated section name
    static String sectionName(MemorySegment program) {
        return Libbpf.bpf_program__section_name(program).reinterpret(Long.MAX_VALUE).getString(0);
    }

    public int fd() {
        return Libbpf.bpf_program__fd(program);
    }

    /** Before load: the kernel function a tracing (fentry) program attaches to. */
    public void setAttachTarget(String function) {
        setAttachTarget(0, function);
    }

    /**
     * Before load: the function a tracing (fentry/fexit) program attaches to, inside the loaded BPF
     * program behind {@code programFd} (its main function's name), or in the kernel when the fd is 0.
     */
    public void setAttachTarget(int programFd, String function) {
        try (Arena call = Arena.ofConfined()) {
            int rc = Libbpf.bpf_program__set_attach_target(program, programFd, call.allocateFrom(function));
            if (rc < 0) {
                throw new LibbpfException("setting the attach target of " + name + " to " + function, -rc);
            }
        }
    }

    /**
     * Attaches a kprobe program to the kernel function starting at {@code address} (one perf event
     * per call: slow in bulk). By address, not name: the kernel refuses a name that several static
     * functions share.
     */
    public BpfLink attachKprobe(long address, String function) {
        return attachKprobe(address, function, false);
    }

    /** As {@link #attachKprobe(long, String)}, or with {@code retprobe} on the function's return (a kretprobe). */
    public BpfLink attachKprobe(long address, String function, boolean retprobe) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment opts = call.allocate(BPF_KPROBE_OPTS);
            opts.set(JAVA_LONG, NativeCalls.offset(BPF_KPROBE_OPTS, "sz"), BPF_KPROBE_OPTS.byteSize());
            opts.set(JAVA_LONG, NativeCalls.offset(BPF_KPROBE_OPTS, "offset"), address);
            opts.set(JAVA_BOOLEAN, NativeCalls.offset(BPF_KPROBE_OPTS, "retprobe"), retprobe);
            MemorySegment state = NativeCalls.newCallState(call);
            MemorySegment link = Libbpf.bpf_program__attach_kprobe_opts(state, program, MemorySegment.NULL, opts);
            if (link.equals(MemorySegment.NULL)) {
                throw new LibbpfException("attaching " + (retprobe ? "kretprobe " : "kprobe ") + name + " to "
                        + function + " at 0x" + Long.toHexString(address), NativeCalls.errno(state));
            }
            return new BpfLink(name, link);
        }
    }

    /**
     * Attaches a kprobe.multi program to the kernel functions named {@code functions}, all at once: one link.
     * The kernel finds each by name (the first of several that share one), so no symbol table is read here.
     * {@code cookies[i]} is what {@code bpf_get_attach_cookie} returns in function i.
     */
    public BpfLink attachKprobeMulti(String[] functions, long[] cookies, String what) {
        if (functions.length != cookies.length) {
            throw new IllegalArgumentException(functions.length + " functions but " + cookies.length + " cookies");
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment opts = call.allocate(BPF_KPROBE_MULTI_OPTS);
            opts.set(JAVA_LONG, NativeCalls.offset(BPF_KPROBE_MULTI_OPTS, "sz"), BPF_KPROBE_MULTI_OPTS.byteSize());
            opts.set(ADDRESS, NativeCalls.offset(BPF_KPROBE_MULTI_OPTS, "syms"), CStrings.array(call, functions));
            opts.set(ADDRESS, NativeCalls.offset(BPF_KPROBE_MULTI_OPTS, "cookies"), call.allocateFrom(JAVA_LONG, cookies));
            opts.set(JAVA_LONG, NativeCalls.offset(BPF_KPROBE_MULTI_OPTS, "cnt"), functions.length);
            MemorySegment state = NativeCalls.newCallState(call);
            MemorySegment link = Libbpf.bpf_program__attach_kprobe_multi_opts(state, program, MemorySegment.NULL, opts);
            if (link.equals(MemorySegment.NULL)) {
                throw new LibbpfException("attaching kprobe-multi " + name + " to " + what, NativeCalls.errno(state));
            }
            return new BpfLink(name, link);
        }
    }

    /** What one BPF_PROG_TEST_RUN returned: the program's return value and the mean time per run. */
    public record TestRun(int returnValue, long nanosPerRun) {
    }

    /** Runs this loaded program {@code repeat} times on {@code packet} in the kernel (BPF_PROG_TEST_RUN). */
    public TestRun testRun(MemorySegment packet, int repeat) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment opts = call.allocate(BPF_TEST_RUN_OPTS);
            opts.set(JAVA_LONG, NativeCalls.offset(BPF_TEST_RUN_OPTS, "sz"), BPF_TEST_RUN_OPTS.byteSize());
            opts.set(ADDRESS, NativeCalls.offset(BPF_TEST_RUN_OPTS, "data_in"), packet);
            opts.set(JAVA_INT, NativeCalls.offset(BPF_TEST_RUN_OPTS, "data_size_in"), (int) packet.byteSize());
            opts.set(JAVA_INT, NativeCalls.offset(BPF_TEST_RUN_OPTS, "repeat"), repeat);
            int rc = Libbpf.bpf_prog_test_run_opts(fd(), opts);
            if (rc < 0) {
                throw new LibbpfException("test run of program " + name + " on " + packet.byteSize() + " bytes", -rc);
            }
            return new TestRun(opts.get(JAVA_INT, NativeCalls.offset(BPF_TEST_RUN_OPTS, "retval")),
                    Integer.toUnsignedLong(opts.get(JAVA_INT, NativeCalls.offset(BPF_TEST_RUN_OPTS, "duration"))));
        }
    }

    /** After load: the final instructions (CO-RE relocated, map fds embedded), to load copies of this program. */
    @SuppressWarnings("restricted") // libbpf's instruction array, sized by its count
    public MemorySegment instructions() {
        long count = Libbpf.bpf_program__insn_cnt(program);
        return Libbpf.bpf_program__insns(program).reinterpret(count * BPF_INSN_SIZE);
    }
}
