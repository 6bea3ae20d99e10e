package dev.vista.internal.libbpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.internal.NativeHeaders;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-written libbpf struct layouts match {@code <bpf/libbpf.h>} as gcc compiles it. */
class LibbpfLayoutsTest {
    @TempDir
    Path dir;

    @Test
    void bpfObjectOpenOptsMatchesTheHeader() throws Exception {
        StructLayout layout = LibbpfLayouts.BPF_OBJECT_OPEN_OPTS;
        StringBuilder c = new StringBuilder("""
                #include <stdio.h>
                #include <stddef.h>
                #include <bpf/libbpf.h>
                int main(void) {
                    printf("sizeof=%zu\\n", sizeof(struct bpf_object_open_opts));
                """);
        for (MemoryLayout member : layout.memberLayouts()) {
            member.name().ifPresent(name -> c.append("    printf(\"%s=%%zu\\n\", offsetof(struct bpf_object_open_opts, %s));\n"
                    .formatted(name, name)));
        }
        c.append("    return 0;\n}\n");

        Map<String, Long> actual = NativeHeaders.run(dir, c.toString());

        assertThat(actual).containsEntry("sizeof", layout.byteSize());
        for (MemoryLayout member : layout.memberLayouts()) {
            member.name().ifPresent(name -> assertThat(actual.get(name)).as("offset of %s", name)
                    .isEqualTo(layout.byteOffset(MemoryLayout.PathElement.groupElement(name))));
        }
        assertThat(actual).hasSize(1 + (int) layout.memberLayouts().stream().filter(m -> m.name().isPresent()).count());
    }
}
