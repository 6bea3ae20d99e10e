package dev.vista.internal.libbpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.internal.bpf.BpfResources;
import dev.vista.internal.bpf.ElfSections;
import dev.vista.internal.btf.Btf;
import dev.vista.internal.btf.BtfBlobBuilder;
import dev.vista.internal.btf.BtfKind;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The BTF ids that ReadOnlyCasts writes into our kprobe objects' bpf_rdonly_cast calls. */
class ReadOnlyCastsTest {
    private static final int KFUNC_PLACEHOLDER = 0x7eb70001;

    @ParameterizedTest
    @ValueSource(strings = {"kprobe_functions.bpf.o", "kprobe_multi_functions.bpf.o", "netfilter_functions.bpf.o"})
    void writesTheKernelsIdsOverThePlaceholdersAndNothingElse(String resource) {
        byte[] elf = BpfResources.bytes(resource);
        var b = BtfBlobBuilder.base();
        b.type(BtfKind.INT, "int", 0, false, 4, 1 << 24 | 32);
        int skBuff = b.type(BtfKind.STRUCT, "sk_buff", 0, false, 0);
        int sock = b.type(BtfKind.STRUCT, "sock", 0, false, 0);
        int proto = b.type(BtfKind.FUNC_PROTO, "", 0, false, 1);
        int kfunc = b.type(BtfKind.FUNC, "bpf_rdonly_cast", 0, false, proto);
        Btf kernel = Btf.parse("kernel", MemorySegment.ofArray(b.build()), null);

        byte[] filled = ReadOnlyCasts.fill(resource, elf, () -> kernel);

        List<Integer> calls = kfuncCalls(elf);
        ByteBuffer placeholders = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(calls).isNotEmpty().isEqualTo(kfuncCalls(filled))
                .allSatisfy(at -> assertThat(placeholders.getInt(at + 4)).isEqualTo(KFUNC_PLACEHOLDER));
        ByteBuffer in = ByteBuffer.wrap(filled).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(calls).allSatisfy(at -> assertThat(in.getInt(at + 4)).isEqualTo(kfunc));
        Map<Integer, Integer> structIds = Map.of(0x7eb70002, skBuff, 0x7eb70003, sock); // kprobe_pointer.h's
        assertThat(calls).allSatisfy(at -> assertThat(in.getInt(at - 8 + 4))
                .isEqualTo(structIds.get(placeholders.getInt(at - 8 + 4))));
        for (int at : calls) { // the two immediates are all that changed
            System.arraycopy(elf, at - 4, filled, at - 4, 4);
            System.arraycopy(elf, at + 4, filled, at + 4, 4);
        }
        assertThat(filled).isEqualTo(elf);
    }

    @Test
    void leavesAnObjectWithoutTheCallAsItIs() {
        byte[] elf = BpfResources.bytes("skb_tracepoints.bpf.o");
        assertThat(ReadOnlyCasts.fill("skb_tracepoints", elf, () -> {
            throw new AssertionError("the kernel's BTF was asked for");
        })).isSameAs(elf);
    }

    @Test
    void leavesWhatIsNoWholeElfObjectToLibbpf() {
        byte[] truncated = Arrays.copyOf(BpfResources.bytes("kprobe_multi_functions.bpf.o"), 4096);
        byte[] junk = {1, 2, 3, 4};
        for (byte[] elf : List.of(truncated, junk)) {
            assertThat(ReadOnlyCasts.fill("broken", elf, () -> {
                throw new AssertionError("the kernel's BTF was asked for");
            })).isSameAs(elf);
        }
    }

    @Test
    void refusesAKernelWithoutTheKfunc() {
        var b = BtfBlobBuilder.base();
        b.type(BtfKind.STRUCT, "sk_buff", 0, false, 0);
        b.type(BtfKind.STRUCT, "sock", 0, false, 0);
        Btf kernel = Btf.parse("Linux 6.1", MemorySegment.ofArray(b.build()), null);
        byte[] elf = BpfResources.bytes("kprobe_multi_functions.bpf.o");

        assertThatThrownBy(() -> ReadOnlyCasts.fill("vista_kprobe_multi_functions", elf, () -> kernel))
                .isInstanceOf(LibbpfException.class)
                .hasMessageContaining("vista_kprobe_multi_functions")
                .hasMessageContaining("has no FUNC bpf_rdonly_cast")
                .hasMessageContaining("Linux 6.2+");
    }

    @Test
    void refusesAKfuncCallWithoutItsPlaceholders() {
        byte[] elf = BpfResources.bytes("kprobe_multi_functions.bpf.o");
        int call = kfuncCalls(elf).getFirst();
        ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN).putInt(call + 4, 12345); // some other kfunc

        assertThatThrownBy(() -> ReadOnlyCasts.fill("vista_kprobe_multi_functions", elf, () -> {
            throw new AssertionError("the kernel's BTF was asked for");
        })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("calls a kfunc at byte " + call)
                .hasMessageContaining("not kprobe_pointer.h's bpf_rdonly_cast");
    }

    /** Where the kfunc calls are (BPF_JMP | BPF_CALL, src_reg BPF_PSEUDO_KFUNC_CALL) in executable sections. */
    static List<Integer> kfuncCalls(byte[] elf) {
        ElfSections sections = ElfSections.of(elf);
        List<Integer> calls = new ArrayList<>();
        for (int section = 0; section < sections.count(); section++) {
            if (sections.executable(section)) {
                int start = (int) sections.offset(section);
                for (int at = start; at < start + sections.size(section); at += 8) {
                    if (elf[at] == (byte) 0x85 && elf[at + 1] == 0x20) {
                        calls.add(at);
                    }
                }
            }
        }
        return calls;
    }
}
