package dev.vista.internal.programs;

import static dev.vista.internal.libbpf.LibbpfLayouts.BPF_BTF_INFO;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.vista.internal.btf.Btf;
import dev.vista.internal.libbpf.Libbpf;
import dev.vista.internal.libc.Libc;
import dev.vista.internal.libc.NativeCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * Names in a loaded program's own BTF object (the one its loader gave the kernel), read back from
 * the kernel by id. Empty when the object is gone or unreadable.
 */
final class ProgramBtf {
    private ProgramBtf() {
    }

    /** The name of type {@code typeId} (a FUNC) in the BTF object with id {@code btfId}. */
    static Optional<String> typeName(int btfId, int typeId) {
        int fd = Libbpf.bpf_btf_get_fd_by_id(btfId);
        if (fd < 0) {
            return Optional.empty();
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment info = call.allocate(BPF_BTF_INFO);
            MemorySegment infoLength = call.allocate(JAVA_INT);
            infoLength.set(JAVA_INT, 0, (int) BPF_BTF_INFO.byteSize());
            if (Libbpf.bpf_obj_get_info_by_fd(fd, info, infoLength) != 0) { // first learn the size
                return Optional.empty();
            }
            MemorySegment data = call.allocate(info.get(JAVA_INT, NativeCalls.offset(BPF_BTF_INFO, "btf_size")));
            info.fill((byte) 0);
            info.set(JAVA_LONG, NativeCalls.offset(BPF_BTF_INFO, "btf"), data.address());
            info.set(JAVA_INT, NativeCalls.offset(BPF_BTF_INFO, "btf_size"), (int) data.byteSize());
            infoLength.set(JAVA_INT, 0, (int) BPF_BTF_INFO.byteSize());
            if (Libbpf.bpf_obj_get_info_by_fd(fd, info, infoLength) != 0) {
                return Optional.empty();
            }
            return Optional.of(Btf.parse("BTF object " + btfId, data, null).name(typeId));
        } finally {
            Libc.close(fd);
        }
    }
}
