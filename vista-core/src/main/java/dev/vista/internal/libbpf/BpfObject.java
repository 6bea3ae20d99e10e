package dev.vista.internal.libbpf;

import dev.vista.internal.libc.NativeCalls;
import static dev.vista.internal.libbpf.LibbpfLayouts.BPF_OBJECT_OPEN_OPTS;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/** An opened BPF ELF object ({@code struct bpf_object *}); closing it unloads its programs and maps. */
public final class BpfObject implements AutoCloseable {
    private final Arena arena = Arena.ofShared();
    private final String name;
    private MemorySegment object;

    private BpfObject(String name) {
        this.name = name;
    }

    /** Opens an ELF image held in memory; nothing reaches the kernel until {@link #load()}. */
    public static BpfObject open(String name, byte[] elf) {
        return open(name, elf, null);
    }

    /** As {@link #open(String, byte[])}, relocating CO-RE against {@code kernelBtf} (null: the kernel's own). */
    public static BpfObject open(String name, byte[] elf, Path kernelBtf) {
        Libbpf.require();
        LibbpfLog.install();
        BpfObject result = new BpfObject(name);
        try (Arena call = Arena.ofConfined()) {
            MemorySegment image = call.allocate(elf.length);
            image.copyFrom(MemorySegment.ofArray(elf));
            MemorySegment opts = call.allocate(BPF_OBJECT_OPEN_OPTS);
            opts.set(JAVA_LONG, NativeCalls.offset(BPF_OBJECT_OPEN_OPTS, "sz"), BPF_OBJECT_OPEN_OPTS.byteSize());
            opts.set(ADDRESS, NativeCalls.offset(BPF_OBJECT_OPEN_OPTS, "object_name"), result.arena.allocateFrom(name));
            if (kernelBtf != null) {
                opts.set(ADDRESS, NativeCalls.offset(BPF_OBJECT_OPEN_OPTS, "btf_custom_path"),
                        call.allocateFrom(kernelBtf.toString())); // libbpf keeps its own copy
            }
            MemorySegment state = NativeCalls.newCallState(call);
            MemorySegment obj = Libbpf.bpf_object__open_mem(state, image, elf.length, opts);
            if (obj.equals(MemorySegment.NULL)) {
                result.arena.close();
                throw new LibbpfException("opening BPF object " + name, NativeCalls.errno(state));
            }
            result.object = obj;
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
        return new BpfProgram(programName, prog);
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
        int rc = Libbpf.bpf_object__load(handle());
        if (rc < 0) {
            throw new LibbpfException("loading BPF object " + name
                    + " (the verifier's log is in the dev.vista.libbpf logger)", -rc);
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
        if (object != null) {
            Libbpf.bpf_object__close(object);
            object = null;
            arena.close();
        }
    }
}
