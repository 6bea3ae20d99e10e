package dev.vista.internal.libbpf;

import static dev.vista.internal.libbpf.LibbpfLayouts.BPF_PROG_LOAD_OPTS;
import static dev.vista.internal.libbpf.LibbpfLayouts.LIBBPF_PROG_HANDLER_OPTS;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.vista.internal.libc.NativeCallback;
import dev.vista.internal.libc.NativeCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Our own section for tp_btf programs, {@code vista_tp_btf/TRACEPOINT} (tp_btf_section.h). For its own
 * {@code tp_btf/} sections libbpf finds the tracepoint's BTF id itself, and to do so it reads and parses the
 * kernel's whole BTF at every load (tens of milliseconds, BENCHMARKS.md, issue 19), although we have parsed it
 * already. This registers the section with libbpf as a raw tracepoint program, which needs no kernel BTF;
 * when libbpf is about to load one, its callback makes it the tp_btf program it is (type tracing, attach type
 * raw tracepoint) and gives it the BTF id that {@link BpfObject#load()} looked up beforehand.
 *
 * <p>libbpf keeps the registration and the callback's stub for the life of the process, and so does this.
 */
final class TracepointSections {
    static final String PREFIX = "vista_tp_btf/";
    private static final int BPF_PROG_TYPE_RAW_TRACEPOINT = 17;
    private static final int ENOENT = 2;
    private static final int EINVAL = 22;
    /** The BTF id ({@code btf_trace_<tracepoint>}) of each program about to load, by its address. */
    private static final Map<Long, Integer> ATTACH_IDS = new ConcurrentHashMap<>();

    private TracepointSections() {
    }

    /** Registers the section once per process; objects must be opened after it, when libbpf reads sections. */
    static void register() {
        Registration.ensure();
    }

    /** Until {@link #forget}: the tracepoint's BTF id that {@code program} (not yet loaded) will attach to. */
    static void aim(MemorySegment program, int btfId) {
        ATTACH_IDS.put(program.address(), btfId);
    }

    static void forget(MemorySegment program) {
        ATTACH_IDS.remove(program.address());
    }

    /**
     * Called by libbpf before it loads one of our programs, as its {@code libbpf_prog_prepare_load_fn_t}: {@code int
     * (struct bpf_program *, struct bpf_prog_load_opts *, long cookie)} ({@link NativeCallback} says how the words
     * map); must never throw.
     */
    @SuppressWarnings("restricted") // libbpf's own bpf_prog_load_opts, as large as the layout
    private static long prepareLoad(long program, long opts, long cookie) {
        try {
            Integer btfId = ATTACH_IDS.get(program);
            if (btfId == null) {
                return -ENOENT; // BpfObject.load() found no tracepoint for it, and says so
            }
            MemorySegment load = MemorySegment.ofAddress(opts).reinterpret(BPF_PROG_LOAD_OPTS.byteSize());
            load.set(JAVA_INT, NativeCalls.offset(BPF_PROG_LOAD_OPTS, "attach_btf_id"), btfId);
            load.set(JAVA_INT, NativeCalls.offset(BPF_PROG_LOAD_OPTS, "expected_attach_type"),
                    ClonedProgram.BPF_TRACE_RAW_TP);
            // libbpf passes the program's type, read after this callback, to the kernel.
            return Libbpf.bpf_program__set_type(MemorySegment.ofAddress(program), ClonedProgram.BPF_PROG_TYPE_TRACING);
        } catch (Throwable t) {
            return -EINVAL;
        }
    }

    /** The registration, made when first needed; a failure repeats on every use. */
    private static final class Registration {
        private static boolean done;

        static synchronized void ensure() {
            if (done) {
                return;
            }
            MemorySegment opts = Arena.global().allocate(LIBBPF_PROG_HANDLER_OPTS);
            opts.set(JAVA_LONG, NativeCalls.offset(LIBBPF_PROG_HANDLER_OPTS, "sz"),
                    LIBBPF_PROG_HANDLER_OPTS.byteSize());
            opts.set(ADDRESS, NativeCalls.offset(LIBBPF_PROG_HANDLER_OPTS, "prog_prepare_load_fn"),
                    NativeCallback.ofStatic(MethodHandles.lookup(), TracepointSections.class, "prepareLoad"));
            int rc = Libbpf.libbpf_register_prog_handler(Arena.global().allocateFrom(PREFIX),
                    BPF_PROG_TYPE_RAW_TRACEPOINT, ClonedProgram.BPF_TRACE_RAW_TP, opts);
            if (rc < 0) {
                throw new LibbpfException("registering the BPF section " + PREFIX + " with libbpf", -rc);
            }
            done = true;
        }
    }
}
