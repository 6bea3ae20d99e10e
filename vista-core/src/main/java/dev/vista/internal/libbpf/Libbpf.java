package dev.vista.internal.libbpf;

import static dev.vista.internal.libc.NativeFunction.address;
import static dev.vista.internal.libc.NativeFunction.pointer;

import dev.vista.LibbpfUnavailableException;
import dev.vista.internal.libc.NativeFunction;
import dev.vista.internal.libc.SharedLibrary;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Hand-written bindings of libbpf 1.x (libbpf.so.1), in the shape jextract would generate: one
 * static method per C function, C names and C types kept (a pointer is a {@link MemorySegment}).
 * Functions returning int return -errno themselves; those returning pointers take a call-state
 * segment first that receives errno. Everything here is raw: {@link BpfObject} and friends turn it
 * into Java.
 *
 * <p>Each function is a {@link NativeFunction} named after it: every libbpf function we call takes and
 * returns integers and pointers only, so all share one downcall shape, and binding one costs a symbol
 * lookup rather than the classes a downcall handle of its own would spin (BENCHMARKS.md, issue 19).
 */
public final class Libbpf {
    public static final String SONAME = "libbpf.so.1";

    /** {@code -Dvista.libbpf=NAME[,NAME...]} replaces the soname (a path works too). */
    public static final String LIBRARY_PROPERTY = "vista.libbpf";

    private static final SharedLibrary LIB = SharedLibrary.open(LIBRARY_PROPERTY, List.of(SONAME),
            (problem, cause) -> new LibbpfUnavailableException("libbpf " + problem
                    + "; vista needs libbpf 1.0 or newer (libbpf.so.1): install it (Debian/Ubuntu: apt-get install libbpf1)",
                    cause));

    private Libbpf() {
    }

    /** Throws {@link LibbpfUnavailableException} unless libbpf is loaded and at least {@link LibbpfVersion#REQUIRED}. */
    public static LibbpfVersion require() {
        LIB.require();
        return LibbpfVersion.loaded().requireSupported();
    }

    /**
     * Registers our tracepoint section (an upcall stub, which spins classes) for a thread that prepares a trace
     * (KernelPreparation), so that the trace's own thread finds it done. The downcalls' one shape is made by the
     * first call, {@link #require()}'s version check.
     */
    public static void registerTracepointSection() {
        TracepointSections.register();
    }

    private static final NativeFunction libbpf_major_version = LIB.function("libbpf_major_version");

    public static int libbpf_major_version() {
        return (int) libbpf_major_version.call();
    }

    private static final NativeFunction libbpf_minor_version = LIB.function("libbpf_minor_version");

    public static int libbpf_minor_version() {
        return (int) libbpf_minor_version.call();
    }

    private static final NativeFunction libbpf_set_print = LIB.function("libbpf_set_print");

    public static MemorySegment libbpf_set_print(MemorySegment fn) {
        return pointer(libbpf_set_print.call(address(fn)));
    }

    private static final NativeFunction libbpf_strerror = LIB.function("libbpf_strerror");

    public static int libbpf_strerror(int err, MemorySegment buf, long size) {
        return (int) libbpf_strerror.call(err, address(buf), size);
    }

    private static final NativeFunction libbpf_num_possible_cpus = LIB.function("libbpf_num_possible_cpus");

    public static int libbpf_num_possible_cpus() {
        return (int) libbpf_num_possible_cpus.call();
    }

    private static final NativeFunction bpf_object__open_mem = LIB.function("bpf_object__open_mem");

    public static MemorySegment bpf_object__open_mem(MemorySegment callState, MemorySegment buf, long size,
            MemorySegment opts) {
        return pointer(bpf_object__open_mem.callCapturingErrno(callState, address(buf), size, address(opts)));
    }

    private static final NativeFunction bpf_object__load = LIB.function("bpf_object__load");

    public static int bpf_object__load(MemorySegment obj) {
        return (int) bpf_object__load.call(address(obj));
    }

    private static final NativeFunction bpf_object__close = LIB.function("bpf_object__close");

    public static void bpf_object__close(MemorySegment obj) {
        bpf_object__close.call(address(obj));
    }

    private static final NativeFunction bpf_object__find_program_by_name =
            LIB.function("bpf_object__find_program_by_name");

    public static MemorySegment bpf_object__find_program_by_name(MemorySegment obj, MemorySegment name) {
        return pointer(bpf_object__find_program_by_name.call(address(obj), address(name)));
    }

    private static final NativeFunction bpf_object__find_map_by_name = LIB.function("bpf_object__find_map_by_name");

    public static MemorySegment bpf_object__find_map_by_name(MemorySegment obj, MemorySegment name) {
        return pointer(bpf_object__find_map_by_name.call(address(obj), address(name)));
    }

    private static final NativeFunction bpf_program__set_autoload = LIB.function("bpf_program__set_autoload");

    public static int bpf_program__set_autoload(MemorySegment prog, boolean autoload) {
        return (int) bpf_program__set_autoload.call(address(prog), autoload ? 1 : 0);
    }

    private static final NativeFunction bpf_program__set_type = LIB.function("bpf_program__set_type");

    public static int bpf_program__set_type(MemorySegment prog, int type) {
        return (int) bpf_program__set_type.call(address(prog), type);
    }

    private static final NativeFunction bpf_program__set_expected_attach_type =
            LIB.function("bpf_program__set_expected_attach_type");

    public static int bpf_program__set_expected_attach_type(MemorySegment prog, int attachType) {
        return (int) bpf_program__set_expected_attach_type.call(address(prog), attachType);
    }

    private static final NativeFunction bpf_program__attach = LIB.function("bpf_program__attach");

    public static MemorySegment bpf_program__attach(MemorySegment callState, MemorySegment prog) {
        return pointer(bpf_program__attach.callCapturingErrno(callState, address(prog)));
    }

    private static final NativeFunction libbpf_register_prog_handler = LIB.function("libbpf_register_prog_handler");

    public static int libbpf_register_prog_handler(MemorySegment sec, int progType, int expectedAttachType,
            MemorySegment opts) {
        return (int) libbpf_register_prog_handler.call(address(sec), progType, expectedAttachType, address(opts));
    }

    private static final NativeFunction bpf_object__next_program = LIB.function("bpf_object__next_program");

    public static MemorySegment bpf_object__next_program(MemorySegment obj, MemorySegment prog) {
        return pointer(bpf_object__next_program.call(address(obj), address(prog)));
    }

    private static final NativeFunction bpf_program__name = LIB.function("bpf_program__name");

    public static MemorySegment bpf_program__name(MemorySegment prog) {
        return pointer(bpf_program__name.call(address(prog)));
    }

    private static final NativeFunction bpf_program__section_name = LIB.function("bpf_program__section_name");

    public static MemorySegment bpf_program__section_name(MemorySegment prog) {
        return pointer(bpf_program__section_name.call(address(prog)));
    }

    private static final NativeFunction bpf_program__attach_trace = LIB.function("bpf_program__attach_trace");

    public static MemorySegment bpf_program__attach_trace(MemorySegment callState, MemorySegment prog) {
        return pointer(bpf_program__attach_trace.callCapturingErrno(callState, address(prog)));
    }

    private static final NativeFunction bpf_program__fd = LIB.function("bpf_program__fd");

    public static int bpf_program__fd(MemorySegment prog) {
        return (int) bpf_program__fd.call(address(prog));
    }

    private static final NativeFunction bpf_map__fd = LIB.function("bpf_map__fd");

    public static int bpf_map__fd(MemorySegment map) {
        return (int) bpf_map__fd.call(address(map));
    }

    private static final NativeFunction bpf_map__set_max_entries = LIB.function("bpf_map__set_max_entries");

    public static int bpf_map__set_max_entries(MemorySegment map, int maxEntries) {
        return (int) bpf_map__set_max_entries.call(address(map), maxEntries);
    }

    private static final NativeFunction bpf_map__initial_value = LIB.function("bpf_map__initial_value");

    public static MemorySegment bpf_map__initial_value(MemorySegment map, MemorySegment psize) {
        return pointer(bpf_map__initial_value.call(address(map), address(psize)));
    }

    private static final NativeFunction bpf_link__destroy = LIB.function("bpf_link__destroy");

    public static int bpf_link__destroy(MemorySegment link) {
        return (int) bpf_link__destroy.call(address(link));
    }

    private static final NativeFunction bpf_link__fd = LIB.function("bpf_link__fd");

    /** The link's file descriptor, which stays the link's (closed by {@code bpf_link__destroy}). */
    public static int bpf_link__fd(MemorySegment link) {
        return (int) bpf_link__fd.call(address(link));
    }

    private static final NativeFunction bpf_map_lookup_elem = LIB.function("bpf_map_lookup_elem");

    public static int bpf_map_lookup_elem(int fd, MemorySegment key, MemorySegment value) {
        return (int) bpf_map_lookup_elem.call(fd, address(key), address(value));
    }

    private static final NativeFunction bpf_map_update_elem = LIB.function("bpf_map_update_elem");

    public static int bpf_map_update_elem(int fd, MemorySegment key, MemorySegment value, long flags) {
        return (int) bpf_map_update_elem.call(fd, address(key), address(value), flags);
    }

    private static final NativeFunction bpf_map__reuse_fd = LIB.function("bpf_map__reuse_fd");

    public static int bpf_map__reuse_fd(MemorySegment map, int fd) {
        return (int) bpf_map__reuse_fd.call(address(map), fd);
    }

    private static final NativeFunction bpf_program__set_attach_target = LIB.function("bpf_program__set_attach_target");

    public static int bpf_program__set_attach_target(MemorySegment prog, int attachProgFd, MemorySegment funcName) {
        return (int) bpf_program__set_attach_target.call(address(prog), attachProgFd, address(funcName));
    }

    private static final NativeFunction bpf_program__attach_kprobe_opts =
            LIB.function("bpf_program__attach_kprobe_opts");

    public static MemorySegment bpf_program__attach_kprobe_opts(MemorySegment callState, MemorySegment prog,
            MemorySegment funcName, MemorySegment opts) {
        return pointer(bpf_program__attach_kprobe_opts.callCapturingErrno(callState, address(prog), address(funcName),
                address(opts)));
    }

    private static final NativeFunction bpf_program__attach_kprobe_multi_opts =
            LIB.function("bpf_program__attach_kprobe_multi_opts");

    public static MemorySegment bpf_program__attach_kprobe_multi_opts(MemorySegment callState, MemorySegment prog,
            MemorySegment pattern, MemorySegment opts) {
        return pointer(bpf_program__attach_kprobe_multi_opts.callCapturingErrno(callState, address(prog),
                address(pattern), address(opts)));
    }

    private static final NativeFunction bpf_program__insns = LIB.function("bpf_program__insns");

    public static MemorySegment bpf_program__insns(MemorySegment prog) {
        return pointer(bpf_program__insns.call(address(prog)));
    }

    private static final NativeFunction bpf_program__insn_cnt = LIB.function("bpf_program__insn_cnt");

    public static long bpf_program__insn_cnt(MemorySegment prog) {
        return bpf_program__insn_cnt.call(address(prog));
    }

    private static final NativeFunction bpf_prog_load = LIB.function("bpf_prog_load");

    /** Returns the new program's fd, or -errno. */
    public static int bpf_prog_load(int progType, MemorySegment name, MemorySegment license, MemorySegment insns,
            long insnCnt, MemorySegment opts) {
        return (int) bpf_prog_load.call(progType, address(name), address(license), address(insns), insnCnt,
                address(opts));
    }

    private static final NativeFunction bpf_raw_tracepoint_open = LIB.function("bpf_raw_tracepoint_open");

    /** With a NULL name, attaches a tracing (fentry/fexit) program to its load-time target; fd or -errno. */
    public static int bpf_raw_tracepoint_open(MemorySegment name, int progFd) {
        return (int) bpf_raw_tracepoint_open.call(address(name), progFd);
    }

    private static final NativeFunction bpf_btf_get_next_id = LIB.function("bpf_btf_get_next_id");

    /** The id of the loaded BTF object after {@code startId} into {@code nextId} (a __u32); 0 or -errno (-ENOENT at the end). */
    public static int bpf_btf_get_next_id(int startId, MemorySegment nextId) {
        return (int) bpf_btf_get_next_id.call(startId, address(nextId));
    }

    private static final NativeFunction bpf_btf_get_fd_by_id = LIB.function("bpf_btf_get_fd_by_id");

    /** An fd of the loaded BTF object {@code id}, or -errno. */
    public static int bpf_btf_get_fd_by_id(int id) {
        return (int) bpf_btf_get_fd_by_id.call(id);
    }

    private static final NativeFunction bpf_prog_get_next_id = LIB.function("bpf_prog_get_next_id");

    /** Writes the loaded program id after {@code startId} into {@code nextId}; 0, or -ENOENT after the last. */
    public static int bpf_prog_get_next_id(int startId, MemorySegment nextId) {
        return (int) bpf_prog_get_next_id.call(startId, address(nextId));
    }

    private static final NativeFunction bpf_prog_get_fd_by_id = LIB.function("bpf_prog_get_fd_by_id");

    /** An fd of the loaded program with id {@code id}, or -errno (-ENOENT once it was unloaded). */
    public static int bpf_prog_get_fd_by_id(int id) {
        return (int) bpf_prog_get_fd_by_id.call(id);
    }

    private static final NativeFunction bpf_obj_get_info_by_fd = LIB.function("bpf_obj_get_info_by_fd");

    /** Fills {@code info} (e.g. a struct bpf_btf_info) of the object behind {@code fd}; 0 or -errno. */
    public static int bpf_obj_get_info_by_fd(int fd, MemorySegment info, MemorySegment infoLen) {
        return (int) bpf_obj_get_info_by_fd.call(fd, address(info), address(infoLen));
    }

    private static final NativeFunction bpf_prog_test_run_opts = LIB.function("bpf_prog_test_run_opts");

    /** Runs a loaded program on the input of {@code opts} (BPF_PROG_TEST_RUN); 0 or -errno. */
    public static int bpf_prog_test_run_opts(int progFd, MemorySegment opts) {
        return (int) bpf_prog_test_run_opts.call(progFd, address(opts));
    }
}
