package dev.vista.internal.libbpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.event.Tracepoint;
import dev.vista.internal.load.TraceLoader;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Opening an object is user-space only: it runs anywhere, without privileges. */
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
}
