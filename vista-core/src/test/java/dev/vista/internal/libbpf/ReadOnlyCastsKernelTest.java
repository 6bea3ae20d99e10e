package dev.vista.internal.libbpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.internal.bpf.BpfResources;
import dev.vista.internal.btf.Btf;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The kprobe programs as libbpf hands them to the kernel, with their bpf_rdonly_cast calls filled in by
 * ReadOnlyCasts: the ids are the running kernel's, as bpftool reads them, and the verifier takes the calls.
 */
@Tag("kernel")
class ReadOnlyCastsKernelTest {
    private static final Pattern BPFTOOL_TYPE = Pattern.compile("^\\[(\\d+)] (STRUCT|FUNC) '(\\w+)'",
            Pattern.MULTILINE);

    @Test
    void loadsEachCallWithTheKernelsIdsAsBpftoolReadsThem() throws IOException, InterruptedException {
        Map<String, Integer> ids = bpftoolIds();
        try (BpfObject object = BpfObject.open("vista_kprobe_multi_functions",
                BpfResources.bytes("kprobe_multi_functions.bpf.o"), Btf.vmlinux())) {
            object.load(); // the verifier refuses a kfunc call whose id is not a kfunc's
            MemorySegment insns = object.program("vista_kmulti").instructions();
            List<Integer> castTo = new ArrayList<>();
            for (long at = 0; at < insns.byteSize(); at += BpfProgram.BPF_INSN_SIZE) {
                if (insns.get(ValueLayout.JAVA_BYTE, at) == (byte) 0x85
                        && insns.get(ValueLayout.JAVA_BYTE, at + 1) == 0x20) {
                    assertThat(insns.get(ValueLayout.JAVA_INT_UNALIGNED, at + 4)).as("kfunc id at %d", at)
                            .isEqualTo(ids.get("FUNC bpf_rdonly_cast"));
                    castTo.add(insns.get(ValueLayout.JAVA_INT_UNALIGNED, at - BpfProgram.BPF_INSN_SIZE + 4));
                }
            }
            assertThat(castTo).containsExactlyInAnyOrder(ids.get("STRUCT sk_buff"), ids.get("STRUCT sock"));
        }
    }

    /** The ids of the kfunc and the two structs in bpftool's raw dump of the kernel's BTF. */
    private static Map<String, Integer> bpftoolIds() throws IOException, InterruptedException {
        Process bpftool = new ProcessBuilder("bpftool", "btf", "dump", "file", Btf.VMLINUX.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dump = new String(bpftool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bpftool.waitFor()).as("bpftool exit status").isZero();
        Map<String, Integer> ids = new HashMap<>();
        Matcher type = BPFTOOL_TYPE.matcher(dump);
        while (type.find()) {
            String name = type.group(2) + " " + type.group(3);
            if (List.of("STRUCT sk_buff", "STRUCT sock", "FUNC bpf_rdonly_cast").contains(name)) {
                ids.putIfAbsent(name, Integer.parseInt(type.group(1)));
            }
        }
        assertThat(ids).hasSize(3);
        return ids;
    }
}
