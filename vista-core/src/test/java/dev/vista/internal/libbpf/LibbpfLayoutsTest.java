package dev.vista.internal.libbpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.internal.NativeHeaders;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-written libbpf struct layouts match {@code <bpf/libbpf.h>} as gcc compiles it. */
class LibbpfLayoutsTest {
    @TempDir
    Path dir;

    @Test
    void bpfObjectOpenOptsMatchesTheHeader() throws Exception {
        assertMatchesHeader(LibbpfLayouts.BPF_OBJECT_OPEN_OPTS, "bpf_object_open_opts");
    }

    @Test
    void bpfKprobeMultiOptsMatchesTheHeader() throws Exception {
        assertMatchesHeader(LibbpfLayouts.BPF_KPROBE_MULTI_OPTS, "bpf_kprobe_multi_opts");
    }

    @Test
    void bpfKprobeOptsMatchesTheHeader() throws Exception {
        assertMatchesHeader(LibbpfLayouts.BPF_KPROBE_OPTS, "bpf_kprobe_opts");
    }

    @Test
    void bpfProgLoadOptsMatchesTheHeader() throws Exception {
        assertMatchesHeader(LibbpfLayouts.BPF_PROG_LOAD_OPTS, "bpf_prog_load_opts");
    }

    @Test
    void libbpfProgHandlerOptsMatchesTheHeader() throws Exception {
        assertMatchesHeader(LibbpfLayouts.LIBBPF_PROG_HANDLER_OPTS, "libbpf_prog_handler_opts");
    }

    @Test
    void bpfTestRunOptsMatchesTheHeader() throws Exception {
        assertMatchesHeader(LibbpfLayouts.BPF_TEST_RUN_OPTS, "bpf_test_run_opts");
    }

    @Test
    void bpfProgInfoMatchesTheHeader() throws Exception {
        assertMatchesHeader(LibbpfLayouts.BPF_PROG_INFO, "bpf_prog_info");
    }

    /**
     * Debian's {@code <linux/bpf.h>} here is Linux 6.1's, older than kprobe-multi's link info (6.6, its cookies 6.9),
     * so the layout is checked against vista-bpf's vmlinux.h, which bpftool made from a kernel's own BTF.
     */
    @Test
    void bpfLinkInfoOfAKprobeMultiLinkMatchesTheKernelsBtf() throws Exception {
        Path vmlinux = Path.of("../vista-bpf/src/main/bpf/vmlinux.h").toAbsolutePath().normalize();
        Map<String, String> members = Map.of("type", "type", "id", "id", "prog_id", "prog_id",
                "addrs", "kprobe_multi.addrs", "count", "kprobe_multi.count", "flags", "kprobe_multi.flags",
                "missed", "kprobe_multi.missed", "cookies", "kprobe_multi.cookies");
        StringBuilder c = new StringBuilder("#include \"" + vmlinux + "\"\nint printf(const char *, ...);\n"
                + "int main(void) {\n");
        members.forEach((name, path) -> c.append(
                "    printf(\"%s=%%lu\\n\", (unsigned long) __builtin_offsetof(struct bpf_link_info, %s));\n"
                        .formatted(name, path)));
        c.append("    return 0;\n}\n");

        Map<String, Long> actual = NativeHeaders.run(dir, c.toString());

        StructLayout layout = LibbpfLayouts.BPF_LINK_INFO_KPROBE_MULTI;
        assertThat(layout.memberLayouts().stream().flatMap(m -> m.name().stream()))
                .containsExactlyInAnyOrderElementsOf(members.keySet());
        members.keySet().forEach(name -> assertThat(actual.get(name)).as("offset of bpf_link_info's %s", name)
                .isEqualTo(layout.byteOffset(MemoryLayout.PathElement.groupElement(name))));
    }

    /** Every named member's offset and the struct's size, as gcc computes them from the installed headers. */
    private void assertMatchesHeader(StructLayout layout, String struct) throws Exception {
        StringBuilder c = new StringBuilder("""
                #include <stdio.h>
                #include <stddef.h>
                #include <bpf/bpf.h>
                #include <bpf/libbpf.h>
                int main(void) {
                """);
        c.append("    printf(\"sizeof=%%zu\\n\", sizeof(struct %s));\n".formatted(struct));
        List<String> names = layout.memberLayouts().stream().flatMap(m -> m.name().stream()).toList();
        for (String name : names) {
            c.append("    printf(\"%s=%%zu\\n\", offsetof(struct %s, %s));\n".formatted(name, struct, name));
        }
        c.append("    return 0;\n}\n");

        Map<String, Long> actual = NativeHeaders.run(dir, c.toString());

        assertThat(actual).as(struct).containsEntry("sizeof", layout.byteSize()).hasSize(1 + names.size());
        for (String name : names) {
            assertThat(actual.get(name)).as("offset of %s.%s", struct, name)
                    .isEqualTo(layout.byteOffset(MemoryLayout.PathElement.groupElement(name)));
        }
    }
}
