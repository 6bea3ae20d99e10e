package dev.vista.internal.decode;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.EventSource;
import dev.vista.event.PacketProgramType;
import dev.vista.event.ProgramCall;
import dev.vista.event.ProgramPhase;
import dev.vista.event.ProgramVerdict;
import dev.vista.event.TraceEvent;
import dev.vista.internal.attach.FunctionNames;
import dev.vista.internal.programs.PacketProgram;
import dev.vista.internal.programs.ProgramsByAddress;
import dev.vista.internal.ringbuf.EventLayout;
import dev.vista.internal.ringbuf.RingEventView;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Records of tc_xdp_programs.bpf.o (sources 9 and 10; where 1 entry, 2 exit; at the exit drop_reason the return value
 * and location the nanoseconds the program ran) become events named after the program, in the view and the copy.
 */
class ProgramEventDecodingTest {
    private static final long TC_CODE = 0xffffffffc0a01000L;
    private static final long XDP_CODE = 0xffffffffc0a02000L;
    private static final PacketProgram TC = new PacketProgram(41, PacketProgramType.TC, "drop_icmp", "drop_icmp", 7,
            TC_CODE);
    private static final PacketProgram XDP = new PacketProgram(42, PacketProgramType.XDP, "xdp_drop_udp",
            "xdp_drop_udp", 9, XDP_CODE);
    private static final ProgramsByAddress PROGRAMS = Map.of(TC_CODE, TC, XDP_CODE, XDP)::get;

    private static MemorySegment record(Arena arena, int source, long code, ProgramPhase phase, int returnValue,
            long nanos) {
        MemorySegment rec = arena.allocate(EventLayout.STACK, Long.BYTES);
        rec.set(JAVA_BYTE, EventLayout.SOURCE, (byte) source);
        rec.set(JAVA_SHORT_UNALIGNED, EventLayout.WHERE, (short) (phase.ordinal() + 1));
        rec.set(JAVA_LONG_UNALIGNED, EventLayout.FUNC_IP, code);
        rec.set(JAVA_LONG_UNALIGNED, EventLayout.LOCATION, nanos);
        rec.set(JAVA_INT_UNALIGNED, EventLayout.DROP_REASON, returnValue);
        return rec;
    }

    @Test
    void entryAndExitAreToldApartAndTheExitCarriesTheVerdictAndDuration() {
        EventDecoder decoder = new EventDecoder(Map.of(), null, 0, List.of(), null, PROGRAMS, FunctionNames.NONE);
        RingEventView view = new RingEventView(decoder);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment entry = record(arena, RingEventView.SOURCE_TC_PROGRAM, TC_CODE, ProgramPhase.ENTRY, 0, 0);
            MemorySegment exit = record(arena, RingEventView.SOURCE_TC_PROGRAM, TC_CODE, ProgramPhase.EXIT, 2, 1_500);
            MemorySegment xdp = record(arena, RingEventView.SOURCE_XDP_PROGRAM, XDP_CODE, ProgramPhase.EXIT, 1, 700);

            view.wrap(exit, 0, (int) exit.byteSize());
            assertThat(view.functionName()).isEqualTo("drop_icmp(tc)");
            assertThat(view.programPhase()).isEqualTo(ProgramPhase.EXIT);
            assertThat(view.programVerdict()).isSameAs(ProgramVerdict.of(PacketProgramType.TC, 2));
            assertThat(view.programNanos()).isEqualTo(1_500);
            assertThat(view.location()).as("location holds the duration, not an address").isZero();

            TraceEvent in = decoder.decode(view.wrap(entry, 0, (int) entry.byteSize()));
            TraceEvent out = decoder.decode(view.wrap(exit, 0, (int) exit.byteSize()));
            TraceEvent dropped = decoder.decode(view.wrap(xdp, 0, (int) xdp.byteSize()));

            assertThat(in.source()).isEqualTo(EventSource.TC_PROGRAM);
            assertThat(in.where()).isEqualTo("drop_icmp(tc)");
            assertThat(in.function()).isNull();
            assertThat(in.location()).isNull();
            assertThat(in.program()).isEqualTo(new ProgramCall(41, PacketProgramType.TC, "drop_icmp",
                    ProgramPhase.ENTRY, null, 0));
            assertThat(out.program()).isEqualTo(new ProgramCall(41, PacketProgramType.TC, "drop_icmp",
                    ProgramPhase.EXIT, ProgramVerdict.of(PacketProgramType.TC, 2), 1_500));
            assertThat(out.program().verdict().name()).isEqualTo("TC_ACT_SHOT");
            assertThat(dropped.source()).isEqualTo(EventSource.XDP_PROGRAM);
            assertThat(dropped.where()).isEqualTo("xdp_drop_udp(xdp)");
            assertThat(dropped.program().verdict().name()).isEqualTo("XDP_DROP");
            assertThat(dropped.program().durationNanos()).isEqualTo(700);
        }
    }
}
