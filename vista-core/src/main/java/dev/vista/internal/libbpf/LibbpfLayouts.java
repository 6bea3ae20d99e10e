package dev.vista.internal.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * The libbpf option structs we pass, as laid out by libbpf 1.1's {@code <bpf/libbpf.h>} on x86-64.
 * No generator checks these, so LibbpfLayoutsTest compiles the real header and compares.
 */
public final class LibbpfLayouts {
    /** {@code struct bpf_object_open_opts}: 80 bytes; the unnamed {@code __u32 :32} stands for the removed attach_prog_fd. */
    public static final StructLayout BPF_OBJECT_OPEN_OPTS = MemoryLayout.structLayout(
            JAVA_LONG.withName("sz"),
            ADDRESS.withName("object_name"),
            JAVA_BOOLEAN.withName("relaxed_maps"),
            MemoryLayout.paddingLayout(7),
            ADDRESS.withName("pin_root_path"),
            MemoryLayout.paddingLayout(8),
            ADDRESS.withName("kconfig"),
            ADDRESS.withName("btf_custom_path"),
            ADDRESS.withName("kernel_log_buf"),
            JAVA_LONG.withName("kernel_log_size"),
            JAVA_INT.withName("kernel_log_level"),
            MemoryLayout.paddingLayout(4))
            .withName("bpf_object_open_opts");

    private LibbpfLayouts() {
    }
}
