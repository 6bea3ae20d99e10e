package dev.vista.internal.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * The libbpf option structs we pass, as laid out by libbpf 1.1's {@code <bpf/libbpf.h>} on x86-64.
 * No generator checks these, so LibbpfLayoutsTest compiles the real header and compares.
 */
public final class LibbpfLayouts {
    /** {@code BPF_OBJ_NAME_LEN}: a program's name, NUL included (the kernel truncates longer names). */
    public static final int BPF_OBJ_NAME_LEN = 16;

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

    /** {@code struct bpf_btf_info} of {@code <linux/bpf.h>}: 32 bytes. */
    public static final StructLayout BPF_BTF_INFO = MemoryLayout.structLayout(
            JAVA_LONG.withName("btf"),
            JAVA_INT.withName("btf_size"),
            JAVA_INT.withName("id"),
            JAVA_LONG.withName("name"),
            JAVA_INT.withName("name_len"),
            JAVA_INT.withName("kernel_btf"))
            .withName("bpf_btf_info");

    /** {@code struct bpf_kprobe_opts} (libbpf 1.1): 32 bytes; with no function name, offset is an address. */
    public static final StructLayout BPF_KPROBE_OPTS = MemoryLayout.structLayout(
            JAVA_LONG.withName("sz"),
            JAVA_LONG.withName("bpf_cookie"),
            JAVA_LONG.withName("offset"),
            JAVA_BOOLEAN.withName("retprobe"),
            MemoryLayout.paddingLayout(7))
            .withName("bpf_kprobe_opts");

    /** {@code struct bpf_kprobe_multi_opts}: 48 bytes. */
    public static final StructLayout BPF_KPROBE_MULTI_OPTS = MemoryLayout.structLayout(
            JAVA_LONG.withName("sz"),
            ADDRESS.withName("syms"),
            ADDRESS.withName("addrs"),
            ADDRESS.withName("cookies"),
            JAVA_LONG.withName("cnt"),
            JAVA_BOOLEAN.withName("retprobe"),
            MemoryLayout.paddingLayout(7))
            .withName("bpf_kprobe_multi_opts");

    /** {@code struct bpf_prog_load_opts} of {@code <bpf/bpf.h>}: 128 bytes. */
    public static final StructLayout BPF_PROG_LOAD_OPTS = MemoryLayout.structLayout(
            JAVA_LONG.withName("sz"),
            JAVA_INT.withName("attempts"),
            JAVA_INT.withName("expected_attach_type"),
            JAVA_INT.withName("prog_btf_fd"),
            JAVA_INT.withName("prog_flags"),
            JAVA_INT.withName("prog_ifindex"),
            JAVA_INT.withName("kern_version"),
            JAVA_INT.withName("attach_btf_id"),
            JAVA_INT.withName("attach_prog_fd"),
            JAVA_INT.withName("attach_btf_obj_fd"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("fd_array"),
            ADDRESS.withName("func_info"),
            JAVA_INT.withName("func_info_cnt"),
            JAVA_INT.withName("func_info_rec_size"),
            ADDRESS.withName("line_info"),
            JAVA_INT.withName("line_info_cnt"),
            JAVA_INT.withName("line_info_rec_size"),
            JAVA_INT.withName("log_level"),
            JAVA_INT.withName("log_size"),
            ADDRESS.withName("log_buf"))
            .withName("bpf_prog_load_opts");

    /** {@code struct libbpf_prog_handler_opts}: 40 bytes; the callbacks are function pointers. */
    public static final StructLayout LIBBPF_PROG_HANDLER_OPTS = MemoryLayout.structLayout(
            JAVA_LONG.withName("sz"),
            JAVA_LONG.withName("cookie"),
            ADDRESS.withName("prog_setup_fn"),
            ADDRESS.withName("prog_prepare_load_fn"),
            ADDRESS.withName("prog_attach_fn"))
            .withName("libbpf_prog_handler_opts");

    /** {@code struct bpf_test_run_opts} of {@code <bpf/bpf.h>}: 80 bytes. */
    public static final StructLayout BPF_TEST_RUN_OPTS = MemoryLayout.structLayout(
            JAVA_LONG.withName("sz"),
            ADDRESS.withName("data_in"),
            ADDRESS.withName("data_out"),
            JAVA_INT.withName("data_size_in"),
            JAVA_INT.withName("data_size_out"),
            ADDRESS.withName("ctx_in"),
            ADDRESS.withName("ctx_out"),
            JAVA_INT.withName("ctx_size_in"),
            JAVA_INT.withName("ctx_size_out"),
            JAVA_INT.withName("retval"),
            JAVA_INT.withName("repeat"),
            JAVA_INT.withName("duration"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("cpu"),
            JAVA_INT.withName("batch_size"))
            .withName("bpf_test_run_opts");

    /**
     * {@code struct bpf_prog_info} of {@code <linux/bpf.h>}: 232 bytes; only the members read here
     * are named (the rest stays zero, so the kernel fills nothing into them).
     */
    public static final StructLayout BPF_PROG_INFO = MemoryLayout.structLayout(
            JAVA_INT.withName("type"),
            JAVA_INT.withName("id"),
            MemoryLayout.paddingLayout(56),
            MemoryLayout.sequenceLayout(BPF_OBJ_NAME_LEN, JAVA_BYTE).withName("name"),
            MemoryLayout.paddingLayout(24),
            JAVA_INT.withName("nr_jited_ksyms"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("jited_ksyms"),
            MemoryLayout.paddingLayout(8),
            JAVA_INT.withName("btf_id"),
            JAVA_INT.withName("func_info_rec_size"),
            JAVA_LONG.withName("func_info"),
            JAVA_INT.withName("nr_func_info"),
            MemoryLayout.paddingLayout(84))
            .withName("bpf_prog_info");

    /**
     * {@code struct bpf_link_info} of {@code <linux/bpf.h>} with its union as {@code kprobe_multi} (Linux 6.6; the
     * cookies 6.9): 64 bytes. Debian's kernel headers here are older, so the test checks it against the kernel's
     * own BTF (vista-bpf's vmlinux.h).
     */
    public static final StructLayout BPF_LINK_INFO_KPROBE_MULTI = MemoryLayout.structLayout(
            JAVA_INT.withName("type"),
            JAVA_INT.withName("id"),
            JAVA_INT.withName("prog_id"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("addrs"),
            JAVA_INT.withName("count"),
            JAVA_INT.withName("flags"),
            JAVA_LONG.withName("missed"),
            JAVA_LONG.withName("cookies"),
            MemoryLayout.paddingLayout(16))
            .withName("bpf_link_info");

    private LibbpfLayouts() {
    }
}
