package dev.vista.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The kernel's UAPI names for what TC (linux/pkt_cls.h) and XDP (linux/bpf.h enum xdp_action) programs return. */
class ProgramVerdictTest {
    @Test
    void tcVerdictsAreNamedAsPktClsHDefinesThem() {
        assertThat(IntStream.rangeClosed(-1, 8).mapToObj(v -> ProgramVerdict.of(PacketProgramType.TC, v).name()))
                .containsExactly("TC_ACT_UNSPEC", "TC_ACT_OK", "TC_ACT_RECLASSIFY", "TC_ACT_SHOT", "TC_ACT_PIPE",
                        "TC_ACT_STOLEN", "TC_ACT_QUEUED", "TC_ACT_REPEAT", "TC_ACT_REDIRECT", "TC_ACT_TRAP");
    }

    @Test
    void xdpVerdictsAreNamedAsEnumXdpActionDefinesThem() {
        assertThat(IntStream.rangeClosed(0, 4).mapToObj(v -> ProgramVerdict.of(PacketProgramType.XDP, v).name()))
                .containsExactly("XDP_ABORTED", "XDP_DROP", "XDP_PASS", "XDP_TX", "XDP_REDIRECT");
    }

    @Test
    void namedVerdictsAreSharedAndOthersNamedByTheirNumber() {
        assertThat(ProgramVerdict.of(PacketProgramType.XDP, 2)).isSameAs(ProgramVerdict.of(PacketProgramType.XDP, 2));
        assertThat(ProgramVerdict.of(PacketProgramType.XDP, 9)).isEqualTo(
                new ProgramVerdict(PacketProgramType.XDP, 9, "XDP_9"));
        assertThat(ProgramVerdict.of(PacketProgramType.TC, -2).name()).isEqualTo("TC_ACT_-2");
    }
}
