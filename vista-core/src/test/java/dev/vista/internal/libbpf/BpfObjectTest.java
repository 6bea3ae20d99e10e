package dev.vista.internal.libbpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.event.Tracepoint;
import dev.vista.internal.load.TraceLoader;
import dev.vista.internal.bpf.BpfResources;
import dev.vista.internal.bpf.ElfSections;
import dev.vista.internal.btf.Btf;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Opening an object is user-space only, and so is what load checks first: it runs anywhere, without privileges. */
class BpfObjectTest {
    @Test
    void junkElfFailsWithLibbpfsReason() {
        assertThatThrownBy(() -> BpfObject.open("junk", new byte[] {1, 2, 3, 4}))
                .isInstanceOf(LibbpfException.class)
                .hasMessageContaining("opening BPF object junk")
                .satisfies(e -> assertThat(((LibbpfException) e).errno()).isPositive());
    }

    @Test
    void theSkbObjectHasAProgramForEveryTracepoint() throws Exception {
        byte[] elf;
        try (InputStream in = getClass().getResourceAsStream("/dev/vista/bpf/skb_tracepoints.bpf.o")) {
            elf = in.readAllBytes();
        }
        try (BpfObject object = BpfObject.open("vista_skb", elf)) {
            for (Tracepoint tp : Tracepoint.values()) {
                assertThat(object.program(TraceLoader.programName(tp)).name()).isEqualTo("vista_" + tp.kernelName());
            }
            assertThat(object.map("events").name()).isEqualTo("events");
            assertThat(object.map(".rodata").initialValue().byteSize()).isGreaterThanOrEqualTo(52);
            assertThatThrownBy(() -> object.program("nope")).hasMessageContaining("has no program nope");
        }
    }

    @Test
    void aTracepointTheKernelLacksIsNamedBeforeAnythingLoads() {
        byte[] elf = BpfResources.bytes("tcp_lifetime.bpf.o");
        ElfSections sections = ElfSections.of(elf);
        int btf = sections.find(".BTF").orElseThrow();
        // As the "kernel", the object's own BTF: its types, but no tracepoint (btf_trace_*) typedefs.
        Btf noTracepoints = Btf.parse("no tracepoints", MemorySegment.ofBuffer(sections.contents(btf)), null);
        try (BpfObject object = BpfObject.open("vista_tcp", elf, noTracepoints)) {
            assertThatThrownBy(object::load)
                    .isInstanceOf(LibbpfException.class)
                    .hasMessageContaining("the kernel has no tracepoint inet_sock_set_state")
                    .hasMessageContaining("no btf_trace_inet_sock_set_state in its BTF");
        }
    }
}
