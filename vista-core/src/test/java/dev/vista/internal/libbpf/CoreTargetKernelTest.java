package dev.vista.internal.libbpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.internal.bpf.BpfResources;
import dev.vista.internal.btf.Btf;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Objects opened with the kernel's BTF that we parsed: libbpf then relocates them against the part of it that
 * CoreTargetBtf cuts, and must come to the same instructions as against the whole of it, which it reads itself
 * for an object opened without.
 */
@Tag("kernel")
class CoreTargetKernelTest {
    /** Sections whose programs cannot load on their own (they need a target chosen at run time). */
    private static final Set<String> NEED_A_TARGET = Set.of("fentry", "fexit", "netfilter");
    /** {@code BPF_LD | BPF_IMM | BPF_DW}: a 64-bit immediate, for maps their fd (which differs between loads). */
    private static final int LD_IMM64 = 0x18;

    private static Btf kernel;

    @BeforeAll
    static void parseTheKernelsBtf() {
        kernel = Btf.vmlinux();
    }

    @ParameterizedTest
    @ValueSource(strings = {"skb_tracepoints.bpf.o", "sk_tracepoints.bpf.o", "tcp_lifetime.bpf.o",
            "cgroup_sockets.bpf.o", "netfilter_verdicts.bpf.o", "netfilter_functions.bpf.o",
            "kprobe_functions.bpf.o", "kprobe_multi_functions.bpf.o", "program_probes.bpf.o", "feature_probes.bpf.o"})
    void programsRelocateAsAgainstTheWholeKernelBtf(String resource) {
        byte[] elf = BpfResources.bytes(resource);
        try (BpfObject whole = BpfObject.open("vista_whole", elf);
                BpfObject cut = BpfObject.open("vista_cut", elf, kernel)) {
            List<String> loaded = loadStandalonePrograms(whole);
            assertThat(loadStandalonePrograms(cut)).isEqualTo(loaded).isNotEmpty();
            for (String program : loaded) {
                assertThat(comparable(cut.program(program).instructions()))
                        .as("%s of %s", program, resource)
                        .isEqualTo(comparable(whole.program(program).instructions()));
            }
        }
    }

    @ParameterizedTest // tracepoint programs (TracepointSections), kprobe ones (ReadOnlyCasts)
    @ValueSource(strings = {"skb_tracepoints.bpf.o", "kprobe_multi_functions.bpf.o"})
    void libbpfReadsNoKernelBtfForAnObjectOpenedWithOurs(String resource) throws IOException {
        byte[] elf = BpfResources.bytes(resource);
        bytesReadWhileLoading(elf, kernel); // classes loaded, libbpf's section registered
        long vmlinux = Files.size(Btf.VMLINUX);
        assertThat(bytesReadWhileLoading(elf, null)).as("libbpf on its own").isGreaterThanOrEqualTo(vmlinux);
        assertThat(bytesReadWhileLoading(elf, kernel)).as("with our BTF").isLessThan(vmlinux / 4);
    }

    /** Bytes this process read (/proc/self/io's rchar) while an object was opened and loaded. */
    private static long bytesReadWhileLoading(byte[] elf, Btf btf) throws IOException {
        long before = bytesRead();
        try (BpfObject object = btf == null ? BpfObject.open("vista_read", elf)
                : BpfObject.open("vista_read", elf, btf)) {
            object.load();
        }
        return bytesRead() - before;
    }

    private static long bytesRead() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/io")).stream()
                .filter(line -> line.startsWith("rchar:"))
                .mapToLong(line -> Long.parseLong(line.substring("rchar:".length()).trim()))
                .findFirst().orElseThrow();
    }

    /** Loads the programs that need no target chosen at run time; returns their names. */
    private static List<String> loadStandalonePrograms(BpfObject object) {
        List<String> loaded = new ArrayList<>();
        for (BpfProgram program : object.programs()) {
            boolean standalone = !NEED_A_TARGET.contains(program.sectionName().split("[/.]")[0]);
            program.setAutoload(standalone);
            if (standalone) {
                loaded.add(program.name());
            }
        }
        object.load();
        return loaded;
    }

    /** The instructions in hex, with the fds of maps left out. */
    private static List<String> comparable(MemorySegment instructions) {
        List<String> result = new ArrayList<>();
        HexFormat hex = HexFormat.of();
        for (long at = 0; at < instructions.byteSize(); at += BpfProgram.BPF_INSN_SIZE) {
            byte[] insn = instructions.asSlice(at, BpfProgram.BPF_INSN_SIZE).toArray(ValueLayout.JAVA_BYTE);
            int sourceRegister = (insn[1] & 0xff) >>> 4;
            if ((insn[0] & 0xff) == LD_IMM64 && sourceRegister != 0) {
                insn[4] = insn[5] = insn[6] = insn[7] = 0; // a map's fd (BPF_PSEUDO_MAP_FD, _VALUE...)
            }
            result.add(hex.formatHex(insn));
        }
        return result;
    }
}
