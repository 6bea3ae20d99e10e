package dev.vista.internal.pcapfilter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.internal.NativeHeaders;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-written libpcap layouts match {@code <pcap/pcap.h>} as gcc compiles it. */
class PcapLayoutsTest {
    @TempDir
    Path dir;

    @Test
    void bpfInsnMatchesTheHeader() throws Exception {
        assertMatches(PcapLayouts.BPF_INSN, "struct bpf_insn", Map.of("code", "code", "jt", "jt", "jf", "jf", "k", "k"));
    }

    @Test
    void bpfProgramMatchesTheHeader() throws Exception {
        assertMatches(PcapLayouts.BPF_PROGRAM, "struct bpf_program", Map.of("bf_len", "bf_len", "bf_insns", "bf_insns"));
    }

    @Test
    void pcapPkthdrMatchesTheHeader() throws Exception {
        assertMatches(PcapLayouts.PCAP_PKTHDR, "struct pcap_pkthdr", Map.of("ts_sec", "ts.tv_sec",
                "ts_usec", "ts.tv_usec", "caplen", "caplen", "len", "len"));
    }

    @Test
    void linkTypesMatchTheHeader() throws Exception {
        Map<String, Long> actual = NativeHeaders.run(dir, """
                #include <stdio.h>
                #include <pcap/pcap.h>
                int main(void) {
                    printf("DLT_EN10MB=%d\\nDLT_RAW=%d\\n", DLT_EN10MB, DLT_RAW);
                    return 0;
                }
                """);
        assertThat(actual).containsEntry("DLT_EN10MB", (long) Libpcap.DLT_EN10MB)
                .containsEntry("DLT_RAW", (long) Libpcap.DLT_RAW);
    }

    /** {@code members}: our member name to the C member designator. */
    private void assertMatches(StructLayout layout, String struct, Map<String, String> members) throws Exception {
        StringBuilder c = new StringBuilder("""
                #include <stdio.h>
                #include <stddef.h>
                #include <pcap/pcap.h>
                int main(void) {
                """);
        c.append("    printf(\"sizeof=%%zu\\n\", sizeof(%s));\n".formatted(struct));
        members.forEach((name, member) -> c.append(
                "    printf(\"%s=%%zu\\n\", offsetof(%s, %s));\n".formatted(name, struct, member)));
        c.append("    return 0;\n}\n");

        Map<String, Long> actual = NativeHeaders.run(dir, c.toString());

        assertThat(actual).as(struct).containsEntry("sizeof", layout.byteSize());
        members.keySet().forEach(name -> assertThat(actual.get(name)).as("offset of %s.%s", struct, name)
                .isEqualTo(layout.byteOffset(MemoryLayout.PathElement.groupElement(name))));
        assertThat(layout.memberLayouts().stream().filter(m -> m.name().isPresent()).count())
                .as("every named member checked").isEqualTo(members.size());
    }
}
