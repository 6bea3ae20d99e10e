package dev.vista.internal.libbpf;

import static dev.vista.internal.libbpf.LibbpfLayouts.BPF_PROG_LOAD_OPTS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.vista.internal.libc.NativeCalls;
import dev.vista.internal.libc.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A copy of a loaded tracing program, loaded again for another attach target. A tracing program
 * (fentry, tp_btf) has exactly one target, fixed at load; to trace thousands of functions with one
 * program's code, its final instructions are loaded once per target. Held by fd; closing unloads.
 */
public final class ClonedProgram implements AutoCloseable {
    public static final int BPF_PROG_TYPE_TRACING = 26;
    public static final int BPF_TRACE_RAW_TP = 23;
    public static final int BPF_TRACE_FENTRY = 24;
    public static final int BPF_TRACE_FEXIT = 25;
    private static final String LICENSE = "Dual BSD/GPL";

    private final String name;
    private final String target;
    private int fd;

    private ClonedProgram(String name, String target, int fd) {
        this.name = name;
        this.target = target;
        this.fd = fd;
    }

    /**
     * Loads {@code instructions} (from {@link BpfProgram#instructions()} of a loaded program) as a
     * tracing program of {@code attachType} for the BTF type {@code attachBtfId} of vmlinux
     * ({@code attachBtfObjFd} 0) or of the module whose BTF object {@code attachBtfObjFd} is.
     */
    public static ClonedProgram load(String name, MemorySegment instructions, int attachType, int attachBtfId,
            int attachBtfObjFd, String target) {
        return load(name, instructions, attachType, attachBtfId, attachBtfObjFd, 0, target);
    }

    /**
     * Loads {@code instructions} as a tracing program of {@code attachType} (fentry, fexit) aimed at the function
     * with BTF type {@code attachBtfId} in the program's own BTF of the loaded BPF program behind {@code programFd}.
     */
    public static ClonedProgram loadForProgram(String name, MemorySegment instructions, int attachType,
            int attachBtfId, int programFd, String target) {
        return load(name, instructions, attachType, attachBtfId, 0, programFd, target);
    }

    private static ClonedProgram load(String name, MemorySegment instructions, int attachType, int attachBtfId,
            int attachBtfObjFd, int attachProgFd, String target) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment opts = call.allocate(BPF_PROG_LOAD_OPTS);
            opts.set(JAVA_LONG, NativeCalls.offset(BPF_PROG_LOAD_OPTS, "sz"), BPF_PROG_LOAD_OPTS.byteSize());
            opts.set(JAVA_INT, NativeCalls.offset(BPF_PROG_LOAD_OPTS, "expected_attach_type"), attachType);
            opts.set(JAVA_INT, NativeCalls.offset(BPF_PROG_LOAD_OPTS, "attach_btf_id"), attachBtfId);
            opts.set(JAVA_INT, NativeCalls.offset(BPF_PROG_LOAD_OPTS, "attach_btf_obj_fd"), attachBtfObjFd);
            opts.set(JAVA_INT, NativeCalls.offset(BPF_PROG_LOAD_OPTS, "attach_prog_fd"), attachProgFd);
            int fd = Libbpf.bpf_prog_load(BPF_PROG_TYPE_TRACING, call.allocateFrom(name), call.allocateFrom(LICENSE),
                    instructions, instructions.byteSize() / BpfProgram.BPF_INSN_SIZE, opts);
            if (fd < 0) {
                throw new LibbpfException("loading a copy of " + name + " for " + target, -fd);
            }
            return new ClonedProgram(name, target, fd);
        }
    }

    /** Attaches to the target given at load. */
    public Attachment attach() {
        int link = Libbpf.bpf_raw_tracepoint_open(MemorySegment.NULL, fd);
        if (link < 0) {
            throw new LibbpfException("attaching a copy of " + name + " to " + target, -link);
        }
        return new FdLink(name + " on " + target, link);
    }

    /** Unloads this copy; an attachment made from it keeps the program alive until it is closed. */
    @Override
    public void close() {
        if (fd >= 0) {
            int closing = fd;
            fd = -1;
            Libc.close(closing);
        }
    }
}
