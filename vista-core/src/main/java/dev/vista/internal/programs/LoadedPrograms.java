package dev.vista.internal.programs;

import static dev.vista.internal.libbpf.LibbpfLayouts.BPF_PROG_INFO;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.vista.event.PacketProgramType;
import dev.vista.internal.libbpf.Libbpf;
import dev.vista.internal.libc.Libc;
import dev.vista.internal.libc.NativeCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

/**
 * Finds the loaded TC and XDP programs by walking the kernel's program ids, as pwru and vista do
 * for --filter-trace-tc/-xdp. A program unloaded between listing and opening is skipped.
 */
public final class LoadedPrograms {
    private static final int BPF_FUNC_INFO_SIZE = 8;
    private LoadedPrograms() {
    }

    /** The loaded programs of {@code types} whose name {@code name} finds (a search, as pwru's --filter-func). */
    public static List<PacketProgram> find(Set<PacketProgramType> types, Pattern name) {
        Map<PacketProgramType, Pattern> selection = new EnumMap<>(PacketProgramType.class);
        types.forEach(type -> selection.put(type, name));
        return find(selection, id -> true);
    }

    /**
     * The loaded programs of the selected kinds whose name their kind's pattern finds, among the ids {@code wanted}
     * accepts. Only those are looked into further (their main function's BTF): a watcher asking every second skips
     * the programs it has seen and the others cheaply.
     */
    public static List<PacketProgram> find(Map<PacketProgramType, Pattern> selection, IntPredicate wanted) {
        List<PacketProgram> found = new ArrayList<>();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment id = call.allocate(JAVA_INT);
            MemorySegment info = call.allocate(BPF_PROG_INFO);
            MemorySegment infoLength = call.allocate(JAVA_INT);
            for (int next = Libbpf.bpf_prog_get_next_id(0, id); next == 0;
                    next = Libbpf.bpf_prog_get_next_id(id.get(JAVA_INT, 0), id)) {
                if (wanted.test(id.get(JAVA_INT, 0))) {
                    describe(id.get(JAVA_INT, 0), selection, info, infoLength).ifPresent(found::add);
                }
            }
        }
        return found;
    }

    /**
     * The program with what a second look tells: its main function's BTF type (func_info[0], named in the
     * program's BTF) and where its code starts (jited_ksyms[0]).
     */
    private static PacketProgram withCode(int fd, int id, PacketProgramType type, String name, MemorySegment info,
            MemorySegment infoLength) {
        int btfId = info.get(JAVA_INT, NativeCalls.offset(BPF_PROG_INFO, "btf_id"));
        try (Arena call = Arena.ofConfined()) {
            MemorySegment funcInfo = call.allocate(BPF_FUNC_INFO_SIZE); // struct bpf_func_info {insn_off; type_id}
            MemorySegment start = call.allocate(JAVA_LONG);
            info.fill((byte) 0);
            if (btfId != 0) {
                info.set(JAVA_INT, NativeCalls.offset(BPF_PROG_INFO, "nr_func_info"), 1);
                info.set(JAVA_INT, NativeCalls.offset(BPF_PROG_INFO, "func_info_rec_size"), BPF_FUNC_INFO_SIZE);
                info.set(JAVA_LONG, NativeCalls.offset(BPF_PROG_INFO, "func_info"), funcInfo.address());
            }
            info.set(JAVA_INT, NativeCalls.offset(BPF_PROG_INFO, "nr_jited_ksyms"), 1);
            info.set(JAVA_LONG, NativeCalls.offset(BPF_PROG_INFO, "jited_ksyms"), start.address());
            infoLength.set(JAVA_INT, 0, (int) BPF_PROG_INFO.byteSize());
            if (Libbpf.bpf_obj_get_info_by_fd(fd, info, infoLength) != 0) {
                return new PacketProgram(id, type, name, name, 0, 0);
            }
            long address = info.get(JAVA_INT, NativeCalls.offset(BPF_PROG_INFO, "nr_jited_ksyms")) == 0 ? 0
                    : start.get(JAVA_LONG, 0);
            int typeId = btfId != 0 && info.get(JAVA_INT, NativeCalls.offset(BPF_PROG_INFO, "nr_func_info")) != 0
                    ? funcInfo.get(JAVA_INT, Integer.BYTES) : 0;
            Optional<String> function = typeId == 0 ? Optional.empty() : ProgramBtf.typeName(btfId, typeId);
            return new PacketProgram(id, type, name, function.orElse(name), function.isPresent() ? typeId : 0,
                    address);
        }
    }

    private static Optional<PacketProgram> describe(int id, Map<PacketProgramType, Pattern> selection,
            MemorySegment info, MemorySegment infoLength) {
        int fd = Libbpf.bpf_prog_get_fd_by_id(id);
        if (fd < 0) {
            return Optional.empty(); // unloaded since listed
        }
        try {
            info.fill((byte) 0);
            infoLength.set(JAVA_INT, 0, (int) BPF_PROG_INFO.byteSize());
            if (Libbpf.bpf_obj_get_info_by_fd(fd, info, infoLength) != 0) {
                return Optional.empty();
            }
            String name = info.asSlice(NativeCalls.offset(BPF_PROG_INFO, "name")).getString(0);
            return PacketProgramType.of(info.get(JAVA_INT, NativeCalls.offset(BPF_PROG_INFO, "type")))
                    .filter(type -> selection.containsKey(type) && selection.get(type).matcher(name).find())
                    .map(type -> withCode(fd, id, type, name, info, infoLength));
        } finally {
            Libc.close(fd);
        }
    }
}
