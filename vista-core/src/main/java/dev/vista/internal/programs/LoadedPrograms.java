package dev.vista.internal.programs;

import static dev.vista.internal.libbpf.LibbpfLayouts.BPF_PROG_INFO;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.vista.internal.libbpf.Libbpf;
import dev.vista.internal.libc.Libc;
import dev.vista.internal.libc.NativeCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the loaded TC and XDP programs by walking the kernel's program ids, as pwru and vista do
 * for --filter-trace-tc/-xdp. A program unloaded between listing and opening is skipped.
 */
public final class LoadedPrograms {
    private LoadedPrograms() {
    }

    /** The loaded programs of {@code types} whose name {@code name} finds (a search, as pwru's --filter-func). */
    public static List<PacketProgram> find(Set<PacketProgramType> types, Pattern name) {
        List<PacketProgram> found = new ArrayList<>();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment id = call.allocate(JAVA_INT);
            MemorySegment info = call.allocate(BPF_PROG_INFO);
            MemorySegment infoLength = call.allocate(JAVA_INT);
            for (int next = Libbpf.bpf_prog_get_next_id(0, id); next == 0;
                    next = Libbpf.bpf_prog_get_next_id(id.get(JAVA_INT, 0), id)) {
                describe(id.get(JAVA_INT, 0), info, infoLength)
                        .filter(p -> types.contains(p.type()) && name.matcher(p.name()).find())
                        .ifPresent(found::add);
            }
        }
        return found;
    }

    private static Optional<PacketProgram> describe(int id, MemorySegment info, MemorySegment infoLength) {
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
                    .map(type -> new PacketProgram(id, type, name));
        } finally {
            Libc.close(fd);
        }
    }
}
