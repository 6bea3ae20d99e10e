package dev.vista.internal.libbpf;

import static dev.vista.internal.libbpf.LibbpfLayouts.BPF_OBJECT_OPEN_OPTS;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.vista.internal.btf.Btf;
import dev.vista.internal.btf.BtfException;
import dev.vista.internal.libc.NativeCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An opened BPF ELF object ({@code struct bpf_object *}); closing it unloads its programs and maps.
 *
 * <p>Opened with the running kernel's BTF that we have parsed already, libbpf reads none of the kernel's BTF
 * itself (it would at every load: tens of milliseconds, BENCHMARKS.md, issue 19). Its CO-RE relocations go
 * against the part of that BTF they use ({@link CoreTargetFile}), and our tracepoint programs ({@link
 * TracepointSections}) and kprobe programs ({@link ReadOnlyCasts}) get their BTF ids from it.
 */
public final class BpfObject implements AutoCloseable {
    private static final int ENOENT = 2;
    /** See {@link #runningKernel()}. */
    private static Btf runningKernel;
    private final Arena arena = Arena.ofShared();
    private final String name;
    /** The running kernel's BTF, or null to parse it when a program needs its ids. */
    private final Btf kernel;
    private MemorySegment object;
    /** The CO-RE target libbpf reads at load, if one was cut; closed after load. */
    private CoreTargetFile coreTarget;
    /**
     * The programs set not to autoload ({@link BpfProgram#setAutoload}); libbpf autoloads every other one, as our
     * objects have no "?" sections. Kept here rather than asked of libbpf at load: its bpf_program__autoload would
     * be a downcall shape of its own, about 0.1 s of an emulated machine's start (BENCHMARKS.md, issue 19).
     */
    private final Set<MemorySegment> notAutoloaded = new HashSet<>();

    private BpfObject(String name, Btf kernel) {
        this.name = name;
        this.kernel = kernel;
    }

    /** Opens an ELF image held in memory; nothing reaches the kernel until {@link #load()}. */
    public static BpfObject open(String name, byte[] elf) {
        return open(name, elf, null, null);
    }

    /** As {@link #open(String, byte[])}, relocating CO-RE against the BTF file {@code kernelBtf}. */
    public static BpfObject open(String name, byte[] elf, Path kernelBtf) {
        return open(name, elf, null, kernelBtf);
    }

    /** As {@link #open(String, byte[])}, with {@code kernel}, the running kernel's BTF, parsed already. */
    public static BpfObject open(String name, byte[] elf, Btf kernel) {
        return open(name, elf, kernel, null);
    }

    private static BpfObject open(String name, byte[] elf, Btf kernel, Path kernelBtf) {
        Libbpf.require();
        LibbpfLog.install();
        TracepointSections.register();
        BpfObject result = new BpfObject(name, kernel);
        try (Arena call = Arena.ofConfined()) {
            elf = ReadOnlyCasts.fill(name, elf, result::kernelTypes);
            MemorySegment image = call.allocate(elf.length);
            image.copyFrom(MemorySegment.ofArray(elf));
            MemorySegment opts = call.allocate(BPF_OBJECT_OPEN_OPTS);
            opts.set(JAVA_LONG, NativeCalls.offset(BPF_OBJECT_OPEN_OPTS, "sz"), BPF_OBJECT_OPEN_OPTS.byteSize());
            opts.set(ADDRESS, NativeCalls.offset(BPF_OBJECT_OPEN_OPTS, "object_name"), result.arena.allocateFrom(name));
            if (kernel != null) {
                result.coreTarget = CoreTargetFile.cut(name, elf, kernel).orElse(null);
                kernelBtf = result.coreTarget == null ? null : result.coreTarget.path();
            }
            if (kernelBtf != null) {
                opts.set(ADDRESS, NativeCalls.offset(BPF_OBJECT_OPEN_OPTS, "btf_custom_path"),
                        call.allocateFrom(kernelBtf.toString())); // libbpf keeps its own copy
            }
            MemorySegment state = NativeCalls.newCallState(call);
            MemorySegment obj = Libbpf.bpf_object__open_mem(state, image, elf.length, opts);
            if (obj.equals(MemorySegment.NULL)) {
                throw new LibbpfException("opening BPF object " + name, NativeCalls.errno(state));
            }
            result.object = obj;
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
        return result;
    }

    public String name() {
        return name;
    }

    public BpfProgram program(String programName) {
        MemorySegment prog = Libbpf.bpf_object__find_program_by_name(handle(), arena.allocateFrom(programName));
        if (prog.equals(MemorySegment.NULL)) {
            throw new IllegalArgumentException("BPF object " + name + " has no program " + programName);
        }
        return new BpfProgram(this, programName, prog);
    }

    /** Every program of the object, in the object's order. */
    @SuppressWarnings("restricted") // libbpf's NUL-terminated program name
    public List<BpfProgram> programs() {
        return programHandles().stream()
                .map(prog -> new BpfProgram(this,
                        Libbpf.bpf_program__name(prog).reinterpret(Long.MAX_VALUE).getString(0), prog))
                .toList();
    }

    private List<MemorySegment> programHandles() {
        List<MemorySegment> programs = new ArrayList<>();
        for (MemorySegment prog = Libbpf.bpf_object__next_program(handle(), MemorySegment.NULL);
                !prog.equals(MemorySegment.NULL); prog = Libbpf.bpf_object__next_program(handle(), prog)) {
            programs.add(prog);
        }
        return programs;
    }

    public boolean hasMap(String mapName) {
        return !Libbpf.bpf_object__find_map_by_name(handle(), arena.allocateFrom(mapName)).equals(MemorySegment.NULL);
    }

    public BpfMap map(String mapName) {
        MemorySegment map = Libbpf.bpf_object__find_map_by_name(handle(), arena.allocateFrom(mapName));
        if (map.equals(MemorySegment.NULL)) {
            throw new IllegalArgumentException("BPF object " + name + " has no map " + mapName);
        }
        return new BpfMap(mapName, map);
    }

    /** Creates the maps and loads the programs that are set to autoload into the kernel. */
    public void load() {
        List<MemorySegment> aimed = aimTracepointPrograms();
        int rc;
        try {
            rc = Libbpf.bpf_object__load(handle());
        } finally {
            aimed.forEach(TracepointSections::forget);
            closeCoreTarget();
        }
        if (rc < 0) {
            throw new LibbpfException("loading BPF object " + name
                    + " (the verifier's log is in the dev.vista.libbpf logger)", -rc);
        }
    }

    /** Gives each of our tracepoint programs about to load its tracepoint's BTF id; returns the programs. */
    private List<MemorySegment> aimTracepointPrograms() {
        List<MemorySegment> aimed = new ArrayList<>();
        for (MemorySegment prog : programHandles()) {
            String section = BpfProgram.sectionName(prog);
            if (!section.startsWith(TracepointSections.PREFIX) || notAutoloaded.contains(prog)) {
                continue;
            }
            String tracepoint = section.substring(TracepointSections.PREFIX.length());
            int btfId = kernelTypes().tracepointType(tracepoint).orElse(0);
            if (btfId == 0) {
                aimed.forEach(TracepointSections::forget);
                throw new LibbpfException("loading BPF object " + name + ": the kernel has no tracepoint "
                        + tracepoint + " (no btf_trace_" + tracepoint + " in its BTF)", ENOENT);
            }
            TracepointSections.aim(prog, btfId);
            aimed.add(prog);
        }
        return aimed;
    }

    /** Called by {@link BpfProgram#setAutoload} once libbpf has taken the setting. */
    void autoloadSet(MemorySegment program, boolean autoload) {
        if (autoload) {
            notAutoloaded.remove(program);
        } else {
            notAutoloaded.add(program);
        }
    }

    private Btf kernelTypes() {
        return kernel != null ? kernel : runningKernel();
    }

    /**
     * The running kernel's BTF for objects opened without it, parsed when one of them first needs it (a failure
     * is thrown to each caller, not kept as a failed class initialisation).
     */
    private static synchronized Btf runningKernel() {
        if (runningKernel == null) {
            try {
                runningKernel = Btf.vmlinux();
            } catch (BtfException e) {
                throw new LibbpfException("tracepoint and kprobe programs need the running kernel's BTF, for their "
                        + "BTF ids: " + e.getMessage(), ENOENT);
            }
        }
        return runningKernel;
    }

    private void closeCoreTarget() {
        if (coreTarget != null) {
            coreTarget.close();
            coreTarget = null;
        }
    }

    private MemorySegment handle() {
        if (object == null) {
            throw new IllegalStateException("BPF object " + name + " is closed");
        }
        return object;
    }

    @Override
    public void close() {
        closeCoreTarget();
        if (object != null) {
            Libbpf.bpf_object__close(object);
            object = null;
        }
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
