package dev.vista.internal.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.vista.LibbpfUnavailableException;
import dev.vista.internal.libc.SharedLibrary;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.List;

/**
 * Hand-written bindings of libbpf 1.x (libbpf.so.1), in the shape jextract would generate: one
 * method handle and one static method per C function, C names kept. Functions returning int
 * return -errno themselves; those returning pointers take a call-state segment first that
 * receives errno. Everything here is raw: {@link BpfObject} and friends turn it into Java.
 *
 * <p>Each handle lives in a holder class named after its function (jextract's idiom), so it is made
 * when the function is first called: making a downcall handle spins classes, and a packet trace calls
 * 15 of the 41 (all of them up front cost half as much again in the interpreter: BENCHMARKS.md, issue 19).
 */
public final class Libbpf {
    public static final String SONAME = "libbpf.so.1";

    /** {@code -Dvista.libbpf=NAME[,NAME...]} replaces the soname (a path works too). */
    public static final String LIBRARY_PROPERTY = "vista.libbpf";

    private static final SharedLibrary LIB = SharedLibrary.open(LIBRARY_PROPERTY, List.of(SONAME),
            (problem, cause) -> new LibbpfUnavailableException("libbpf " + problem
                    + "; vista needs libbpf 1.0 or newer (libbpf.so.1): install it (Debian/Ubuntu: apt-get install libbpf1)",
                    cause));

    /** {@code int (*libbpf_print_fn_t)(enum libbpf_print_level, const char *, va_list)}; va_list is a pointer on x86-64. */
    public static final FunctionDescriptor PRINT_FN = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);

    private Libbpf() {
    }

    /** Throws {@link LibbpfUnavailableException} unless libbpf is loaded and at least {@link LibbpfVersion#REQUIRED}. */
    public static LibbpfVersion require() {
        LIB.require();
        return LibbpfVersion.loaded().requireSupported();
    }

    /**
     * Makes the downcall handles every packet trace calls before it listens, and registers our tracepoint
     * section, for a thread that prepares a trace (KernelPreparation): the trace's own thread then finds them made.
     */
    public static void bindTraceFunctions() {
        for (Class<?> holder : List.of(libbpf_set_print.class, bpf_object__open_mem.class,
                bpf_object__find_program_by_name.class, bpf_program__set_autoload.class,
                bpf_object__find_map_by_name.class, bpf_map__set_max_entries.class, bpf_map__initial_value.class,
                bpf_object__next_program.class, bpf_program__section_name.class,
                bpf_object__load.class, bpf_program__set_type.class, bpf_program__attach_trace.class,
                bpf_map__fd.class)) {
            try {
                MethodHandles.lookup().ensureInitialized(holder);
            } catch (IllegalAccessException e) {
                throw new AssertionError(e); // its own nested classes
            }
        }
        TracepointSections.register();
    }

    private static MethodHandle fn(String name, FunctionDescriptor descriptor) {
        return LIB.downcall(name, descriptor);
    }

    private static MethodHandle fnErrno(String name, FunctionDescriptor descriptor) {
        return LIB.downcallWithErrno(name, descriptor);
    }

    private static final class libbpf_major_version {
        static final MethodHandle HANDLE = fn("libbpf_major_version", FunctionDescriptor.of(JAVA_INT));
    }

    public static int libbpf_major_version() {
        try {
            return (int) libbpf_major_version.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class libbpf_minor_version {
        static final MethodHandle HANDLE = fn("libbpf_minor_version", FunctionDescriptor.of(JAVA_INT));
    }

    public static int libbpf_minor_version() {
        try {
            return (int) libbpf_minor_version.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class libbpf_set_print {
        static final MethodHandle HANDLE = fn("libbpf_set_print", FunctionDescriptor.of(ADDRESS, ADDRESS));
    }

    public static MemorySegment libbpf_set_print(MemorySegment fn) {
        try {
            return (MemorySegment) libbpf_set_print.HANDLE.invokeExact(fn);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class libbpf_strerror {
        static final MethodHandle HANDLE =
                fn("libbpf_strerror", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
    }

    public static int libbpf_strerror(int err, MemorySegment buf, long size) {
        try {
            return (int) libbpf_strerror.HANDLE.invokeExact(err, buf, size);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class libbpf_num_possible_cpus {
        static final MethodHandle HANDLE = fn("libbpf_num_possible_cpus", FunctionDescriptor.of(JAVA_INT));
    }

    public static int libbpf_num_possible_cpus() {
        try {
            return (int) libbpf_num_possible_cpus.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_object__open_mem {
        static final MethodHandle HANDLE =
                fnErrno("bpf_object__open_mem", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    }

    public static MemorySegment bpf_object__open_mem(MemorySegment callState, MemorySegment buf, long size,
            MemorySegment opts) {
        try {
            return (MemorySegment) bpf_object__open_mem.HANDLE.invokeExact(callState, buf, size, opts);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_object__load {
        static final MethodHandle HANDLE = fn("bpf_object__load", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    public static int bpf_object__load(MemorySegment obj) {
        try {
            return (int) bpf_object__load.HANDLE.invokeExact(obj);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_object__close {
        static final MethodHandle HANDLE = fn("bpf_object__close", FunctionDescriptor.ofVoid(ADDRESS));
    }

    public static void bpf_object__close(MemorySegment obj) {
        try {
            bpf_object__close.HANDLE.invokeExact(obj);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_object__find_program_by_name {
        static final MethodHandle HANDLE =
                fn("bpf_object__find_program_by_name", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    }

    public static MemorySegment bpf_object__find_program_by_name(MemorySegment obj, MemorySegment name) {
        try {
            return (MemorySegment) bpf_object__find_program_by_name.HANDLE.invokeExact(obj, name);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_object__find_map_by_name {
        static final MethodHandle HANDLE =
                fn("bpf_object__find_map_by_name", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    }

    public static MemorySegment bpf_object__find_map_by_name(MemorySegment obj, MemorySegment name) {
        try {
            return (MemorySegment) bpf_object__find_map_by_name.HANDLE.invokeExact(obj, name);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_program__set_autoload {
        static final MethodHandle HANDLE =
                fn("bpf_program__set_autoload", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BOOLEAN));
    }

    public static int bpf_program__set_autoload(MemorySegment prog, boolean autoload) {
        try {
            return (int) bpf_program__set_autoload.HANDLE.invokeExact(prog, autoload);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_program__set_type {
        static final MethodHandle HANDLE =
                fn("bpf_program__set_type", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }

    public static int bpf_program__set_type(MemorySegment prog, int type) {
        try {
            return (int) bpf_program__set_type.HANDLE.invokeExact(prog, type);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_program__set_expected_attach_type {
        static final MethodHandle HANDLE =
                fn("bpf_program__set_expected_attach_type", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }

    public static int bpf_program__set_expected_attach_type(MemorySegment prog, int attachType) {
        try {
            return (int) bpf_program__set_expected_attach_type.HANDLE.invokeExact(prog, attachType);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_program__attach {
        static final MethodHandle HANDLE = fnErrno("bpf_program__attach", FunctionDescriptor.of(ADDRESS, ADDRESS));
    }

    public static MemorySegment bpf_program__attach(MemorySegment callState, MemorySegment prog) {
        try {
            return (MemorySegment) bpf_program__attach.HANDLE.invokeExact(callState, prog);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class libbpf_register_prog_handler {
        static final MethodHandle HANDLE =
                fn("libbpf_register_prog_handler",
                        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    }

    public static int libbpf_register_prog_handler(MemorySegment sec, int progType, int expectedAttachType,
            MemorySegment opts) {
        try {
            return (int) libbpf_register_prog_handler.HANDLE.invokeExact(sec, progType, expectedAttachType, opts);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_object__next_program {
        static final MethodHandle HANDLE =
                fn("bpf_object__next_program", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    }

    public static MemorySegment bpf_object__next_program(MemorySegment obj, MemorySegment prog) {
        try {
            return (MemorySegment) bpf_object__next_program.HANDLE.invokeExact(obj, prog);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_program__name {
        static final MethodHandle HANDLE = fn("bpf_program__name", FunctionDescriptor.of(ADDRESS, ADDRESS));
    }

    public static MemorySegment bpf_program__name(MemorySegment prog) {
        try {
            return (MemorySegment) bpf_program__name.HANDLE.invokeExact(prog);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_program__section_name {
        static final MethodHandle HANDLE = fn("bpf_program__section_name", FunctionDescriptor.of(ADDRESS, ADDRESS));
    }

    public static MemorySegment bpf_program__section_name(MemorySegment prog) {
        try {
            return (MemorySegment) bpf_program__section_name.HANDLE.invokeExact(prog);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_program__attach_trace {
        static final MethodHandle HANDLE =
                fnErrno("bpf_program__attach_trace", FunctionDescriptor.of(ADDRESS, ADDRESS));
    }

    public static MemorySegment bpf_program__attach_trace(MemorySegment callState, MemorySegment prog) {
        try {
            return (MemorySegment) bpf_program__attach_trace.HANDLE.invokeExact(callState, prog);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_program__fd {
        static final MethodHandle HANDLE = fn("bpf_program__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    public static int bpf_program__fd(MemorySegment prog) {
        try {
            return (int) bpf_program__fd.HANDLE.invokeExact(prog);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_map__fd {
        static final MethodHandle HANDLE = fn("bpf_map__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    public static int bpf_map__fd(MemorySegment map) {
        try {
            return (int) bpf_map__fd.HANDLE.invokeExact(map);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_map__set_max_entries {
        static final MethodHandle HANDLE =
                fn("bpf_map__set_max_entries", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }

    public static int bpf_map__set_max_entries(MemorySegment map, int maxEntries) {
        try {
            return (int) bpf_map__set_max_entries.HANDLE.invokeExact(map, maxEntries);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_map__initial_value {
        static final MethodHandle HANDLE =
                fn("bpf_map__initial_value", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    }

    public static MemorySegment bpf_map__initial_value(MemorySegment map, MemorySegment psize) {
        try {
            return (MemorySegment) bpf_map__initial_value.HANDLE.invokeExact(map, psize);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_link__destroy {
        static final MethodHandle HANDLE = fn("bpf_link__destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    public static int bpf_link__destroy(MemorySegment link) {
        try {
            return (int) bpf_link__destroy.HANDLE.invokeExact(link);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_link__fd {
        static final MethodHandle HANDLE = fn("bpf_link__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    /** The link's file descriptor, which stays the link's (closed by {@code bpf_link__destroy}). */
    public static int bpf_link__fd(MemorySegment link) {
        try {
            return (int) bpf_link__fd.HANDLE.invokeExact(link);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_map_lookup_elem {
        static final MethodHandle HANDLE =
                fn("bpf_map_lookup_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    }

    public static int bpf_map_lookup_elem(int fd, MemorySegment key, MemorySegment value) {
        try {
            return (int) bpf_map_lookup_elem.HANDLE.invokeExact(fd, key, value);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_map_update_elem {
        static final MethodHandle HANDLE =
                fn("bpf_map_update_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    }

    public static int bpf_map_update_elem(int fd, MemorySegment key, MemorySegment value, long flags) {
        try {
            return (int) bpf_map_update_elem.HANDLE.invokeExact(fd, key, value, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_map__reuse_fd {
        static final MethodHandle HANDLE = fn("bpf_map__reuse_fd", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }

    public static int bpf_map__reuse_fd(MemorySegment map, int fd) {
        try {
            return (int) bpf_map__reuse_fd.HANDLE.invokeExact(map, fd);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_program__set_attach_target {
        static final MethodHandle HANDLE =
                fn("bpf_program__set_attach_target", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    }

    public static int bpf_program__set_attach_target(MemorySegment prog, int attachProgFd, MemorySegment funcName) {
        try {
            return (int) bpf_program__set_attach_target.HANDLE.invokeExact(prog, attachProgFd, funcName);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_program__attach_kprobe_opts {
        static final MethodHandle HANDLE =
                fnErrno("bpf_program__attach_kprobe_opts", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    }

    public static MemorySegment bpf_program__attach_kprobe_opts(MemorySegment callState, MemorySegment prog,
            MemorySegment funcName, MemorySegment opts) {
        try {
            return (MemorySegment) bpf_program__attach_kprobe_opts.HANDLE.invokeExact(callState, prog, funcName, opts);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_program__attach_kprobe_multi_opts {
        static final MethodHandle HANDLE =
                fnErrno("bpf_program__attach_kprobe_multi_opts",
                        FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    }

    public static MemorySegment bpf_program__attach_kprobe_multi_opts(MemorySegment callState, MemorySegment prog,
            MemorySegment pattern, MemorySegment opts) {
        try {
            return (MemorySegment) bpf_program__attach_kprobe_multi_opts.HANDLE.invokeExact(callState, prog, pattern,
                    opts);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_program__insns {
        static final MethodHandle HANDLE = fn("bpf_program__insns", FunctionDescriptor.of(ADDRESS, ADDRESS));
    }

    public static MemorySegment bpf_program__insns(MemorySegment prog) {
        try {
            return (MemorySegment) bpf_program__insns.HANDLE.invokeExact(prog);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_program__insn_cnt {
        static final MethodHandle HANDLE = fn("bpf_program__insn_cnt", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    }

    public static long bpf_program__insn_cnt(MemorySegment prog) {
        try {
            return (long) bpf_program__insn_cnt.HANDLE.invokeExact(prog);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_prog_load {
        static final MethodHandle HANDLE =
                fn("bpf_prog_load",
                        FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    }

    /** Returns the new program's fd, or -errno. */
    public static int bpf_prog_load(int progType, MemorySegment name, MemorySegment license, MemorySegment insns,
            long insnCnt, MemorySegment opts) {
        try {
            return (int) bpf_prog_load.HANDLE.invokeExact(progType, name, license, insns, insnCnt, opts);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_raw_tracepoint_open {
        static final MethodHandle HANDLE =
                fn("bpf_raw_tracepoint_open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }

    /** With a NULL name, attaches a tracing (fentry/fexit) program to its load-time target; fd or -errno. */
    public static int bpf_raw_tracepoint_open(MemorySegment name, int progFd) {
        try {
            return (int) bpf_raw_tracepoint_open.HANDLE.invokeExact(name, progFd);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_btf_get_next_id {
        static final MethodHandle HANDLE =
                fn("bpf_btf_get_next_id", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    }

    /** The id of the loaded BTF object after {@code startId} into {@code nextId} (a __u32); 0 or -errno (-ENOENT at the end). */
    public static int bpf_btf_get_next_id(int startId, MemorySegment nextId) {
        try {
            return (int) bpf_btf_get_next_id.HANDLE.invokeExact(startId, nextId);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_btf_get_fd_by_id {
        static final MethodHandle HANDLE = fn("bpf_btf_get_fd_by_id", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    /** An fd of the loaded BTF object {@code id}, or -errno. */
    public static int bpf_btf_get_fd_by_id(int id) {
        try {
            return (int) bpf_btf_get_fd_by_id.HANDLE.invokeExact(id);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_prog_get_next_id {
        static final MethodHandle HANDLE =
                fn("bpf_prog_get_next_id", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    }

    /** Writes the loaded program id after {@code startId} into {@code nextId}; 0, or -ENOENT after the last. */
    public static int bpf_prog_get_next_id(int startId, MemorySegment nextId) {
        try {
            return (int) bpf_prog_get_next_id.HANDLE.invokeExact(startId, nextId);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_prog_get_fd_by_id {
        static final MethodHandle HANDLE = fn("bpf_prog_get_fd_by_id", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    /** An fd of the loaded program with id {@code id}, or -errno (-ENOENT once it was unloaded). */
    public static int bpf_prog_get_fd_by_id(int id) {
        try {
            return (int) bpf_prog_get_fd_by_id.HANDLE.invokeExact(id);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_obj_get_info_by_fd {
        static final MethodHandle HANDLE =
                fn("bpf_obj_get_info_by_fd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    }

    /** Fills {@code info} (e.g. a struct bpf_btf_info) of the object behind {@code fd}; 0 or -errno. */
    public static int bpf_obj_get_info_by_fd(int fd, MemorySegment info, MemorySegment infoLen) {
        try {
            return (int) bpf_obj_get_info_by_fd.HANDLE.invokeExact(fd, info, infoLen);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class bpf_prog_test_run_opts {
        static final MethodHandle HANDLE =
                fn("bpf_prog_test_run_opts", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    }

    /** Runs a loaded program on the input of {@code opts} (BPF_PROG_TEST_RUN); 0 or -errno. */
    public static int bpf_prog_test_run_opts(int progFd, MemorySegment opts) {
        try {
            return (int) bpf_prog_test_run_opts.HANDLE.invokeExact(progFd, opts);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** A missing library's typed exception goes through; anything else is a binding bug. */
    private static RuntimeException unexpected(Throwable t) {
        if (t instanceof LibbpfUnavailableException e) {
            return e;
        }
        throw new AssertionError("libbpf binding failed", t);
    }
}
