package dev.vista.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.Output;
import dev.vista.event.EventSource;
import dev.vista.event.PacketProgramType;
import dev.vista.event.ProgramCall;
import dev.vista.event.ProgramPhase;
import dev.vista.event.ProgramVerdict;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tuple;
import java.net.InetAddress;
import java.time.ZoneOffset;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** vista's lines for the entry and exit of TC and XDP programs (VistaLineFormatter with ProgramText). */
class ProgramLinesTest {
    static TraceEvent programEvent(PacketProgramType type, String name, ProgramPhase phase, int returnValue,
            long nanos) {
        ProgramVerdict verdict = phase == ProgramPhase.EXIT ? ProgramVerdict.of(type, returnValue) : null;
        return TraceEvent.builder().timestampNs(1).skb(0xffff888104b3e200L).cpu(1).pid(0).comm("swapper/1")
                .source(type == PacketProgramType.TC ? EventSource.TC_PROGRAM : EventSource.XDP_PROGRAM)
                .program(new ProgramCall(42, type, name, phase, verdict, nanos)).netns(4026532467L).ifindex(2)
                .ifname("veth0b").len(84).mtu(1500).protocol(0x0800)
                .tuple(new Tuple(InetAddress.ofLiteral("10.0.0.1"), InetAddress.ofLiteral("10.0.0.2"), 0, 0,
                        Tuple.IPPROTO_ICMP, 0, 8, 0, 7, 1))
                .build();
    }

    private static String line(TraceEvent event) {
        return new VistaLineFormatter(EnumSet.of(Output.TUPLE), TimestampMode.NONE, ZoneOffset.UTC)
                .append(event, new StringBuilder()).toString();
    }

    @Test
    void theEntryIsNamedAfterTheProgramAndSaysEntry() {
        assertThat(line(programEvent(PacketProgramType.TC, "drop_icmp", ProgramPhase.ENTRY, 0, 0)))
                .isEqualTo("0xffff888104b3e200      1   [swapper/1(0)]            drop_icmp(tc) "
                        + "10.0.0.1->10.0.0.2(icmp request id=7 seq=1) entry\n");
    }

    @Test
    void theExitCarriesTheVerdictByNameAndHowLongTheProgramRan() {
        assertThat(line(programEvent(PacketProgramType.TC, "drop_icmp", ProgramPhase.EXIT, 2, 1_260)))
                .endsWith(" drop_icmp(tc) 10.0.0.1->10.0.0.2(icmp request id=7 seq=1) exit verdict=TC_ACT_SHOT "
                        + "cost=1.3µs\n");
        assertThat(line(programEvent(PacketProgramType.XDP, "xdp_drop_udp", ProgramPhase.EXIT, 2, 800)))
                .contains(" xdp_drop_udp(xdp) ").endsWith(" exit verdict=XDP_PASS cost=0.8µs\n");
    }
}
