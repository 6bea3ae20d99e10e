package dev.vista.internal.libbpf;

import static dev.vista.internal.libbpf.LibbpfLayouts.BPF_BTF_INFO;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.vista.internal.libc.NativeCalls;
import dev.vista.internal.libc.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;

/**
 * Fds of the kernel's loaded BTF objects of modules, by module name, as a tracing program aimed
 * at a module function needs one at load (attach_btf_obj_fd). Found by walking the kernel's BTF
 * ids; kept open until closed (a loaded program holds its own reference).
 */
public final class KernelBtfObjects implements AutoCloseable {
    private static final int ENOENT = 2;
    private static final int NAME_BYTES = 64;
    private final Map<String, Integer> fds = new HashMap<>();

    /** An fd of {@code module}'s BTF object, opened on first use; throws if the kernel has none loaded. */
    public synchronized int moduleFd(String module) {
        Integer fd = fds.get(module);
        if (fd == null) {
            fd = open(module);
            fds.put(module, fd);
        }
        return fd;
    }

    private static int open(String module) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment id = call.allocate(JAVA_INT);
            MemorySegment info = call.allocate(BPF_BTF_INFO);
            MemorySegment infoLength = call.allocate(JAVA_INT);
            MemorySegment name = call.allocate(NAME_BYTES);
            for (int next = Libbpf.bpf_btf_get_next_id(0, id); next == 0;
                    next = Libbpf.bpf_btf_get_next_id(id.get(JAVA_INT, 0), id)) {
                int fd = Libbpf.bpf_btf_get_fd_by_id(id.get(JAVA_INT, 0));
                if (fd < 0) {
                    continue; // unloaded since listed
                }
                info.fill((byte) 0);
                info.set(JAVA_LONG, NativeCalls.offset(BPF_BTF_INFO, "name"), name.address());
                info.set(JAVA_INT, NativeCalls.offset(BPF_BTF_INFO, "name_len"), NAME_BYTES);
                infoLength.set(JAVA_INT, 0, (int) BPF_BTF_INFO.byteSize());
                boolean found = Libbpf.bpf_obj_get_info_by_fd(fd, info, infoLength) == 0
                        && info.get(JAVA_INT, NativeCalls.offset(BPF_BTF_INFO, "kernel_btf")) != 0
                        && name.getString(0).equals(module);
                if (found) {
                    return fd;
                }
                Libc.close(fd);
            }
            throw new LibbpfException("finding the BTF of kernel module " + module
                    + " among the kernel's BTF objects (is the module loaded, and was it built with BTF?)", ENOENT);
        }
    }

    @Override
    public synchronized void close() {
        fds.values().forEach(Libc::close);
        fds.clear();
    }
}
