package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.vista.event.CapturedPacket;
import dev.vista.event.EventSource;
import dev.vista.event.PacketStart;
import dev.vista.event.ProgramPhase;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tuple;
import dev.vista.netns.AttachedProgram;
import dev.vista.netns.ClientServer;
import dev.vista.netns.TestProgram;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * traceTcPrograms()/traceXdpPrograms() through the public API against programs attached with tc and ip as users
 * attach them (the test bed's TestProgram): which program saw each packet, at its entry and exit, with the verdict
 * by name, how long it ran, and the tuple from the skb (TC) or the frame (XDP). Needs fentry on BPF programs, which
 * our host kernel refuses: runs in the VM (scripts/vm-tests.sh).
 */
@Tag("kernel-functions")
class TcXdpProgramsVmTest {
    private static final int SUBNET = 243;
    private static final int OTHER_PORT = 7004;
    private static final int SNAPLEN = 64;
    private static final int ETHERNET_HEADER = 14;
    private static final int IPV4_HEADER = 20;
    private static ClientServer net;
    private static InetAddress client;
    private static InetAddress server;

    @BeforeAll
    static void createNamespaces() {
        net = ClientServer.create(SUBNET);
        client = net.client().ipv4();
        server = net.server().ipv4();
    }

    @AfterAll
    static void removeNamespaces() throws Exception {
        net.close();
        assertThat(OurBpfPrograms.awaitNone(TcXdpProgramsKernelTest::ofProgramTracing))
                .as("programs tracing TC/XDP programs left after the tests").isEmpty();
    }

    private static AttachedProgram attachTcIngress(TestProgram program) {
        return net.server().attachTc(AttachedProgram.Direction.INGRESS, program);
    }

    private static AttachedProgram attachXdp() {
        return net.server().attachXdp(TestProgram.XDP_DROP_UDP_PORT);
    }

    private static TracerBuilder tracing(EventRecorder<TraceEvent> recorder) {
        return Tracer.builder().traceTcPrograms("^(drop_icmp|rewrite_udp_por)$").traceXdpPrograms("^xdp_drop_udp$")
                .filterAddress(server).onEvent(recorder);
    }

    private static boolean pingsGetThrough() {
        return net.client().namespace().exec("ping", "-4", "-c2", "-W1", server.getHostAddress()).exitCode() == 0;
    }

    private static Predicate<TraceEvent> exitOf(EventSource source, int protocol, int destinationPort) {
        return e -> e.source() == source && e.program().phase() == ProgramPhase.EXIT && e.tuple() != null
                && e.tuple().protocol() == protocol && e.tuple().destinationPort() == destinationPort;
    }

    private static List<String> verdicts(List<TraceEvent> events, EventSource source, int protocol) {
        return events.stream().filter(e -> e.source() == source && e.program().phase() == ProgramPhase.EXIT
                && e.tuple().protocol() == protocol).map(e -> e.program().verdict().name()).toList();
    }

    @Test
    void eachProgramsVerdictOnEachPacketWithItsTupleAndDuration() throws Exception {
        EventRecorder<TraceEvent> recorder = new EventRecorder<>();
        try (AttachedProgram _ = attachTcIngress(TestProgram.DROP_ICMP); AttachedProgram _ = attachXdp();
                Tracer _ = tracing(recorder).start()) {
            assertThat(pingsGetThrough()).as("pings pass DROP_ICMP").isFalse();
            Traffic.sendUdp(net.client().namespace(), server, TestProgram.XDP_DROP_PORT);
            Traffic.sendUdp(net.client().namespace(), server, OTHER_PORT);

            recorder.await("TC_ACT_OK on the datagram XDP passed",
                    exitOf(EventSource.TC_PROGRAM, Tuple.IPPROTO_UDP, OTHER_PORT));
            List<TraceEvent> events = recorder.events();

            assertThat(verdicts(events, EventSource.TC_PROGRAM, Tuple.IPPROTO_ICMP)).as("TC verdicts on the pings")
                    .containsExactly("TC_ACT_SHOT", "TC_ACT_SHOT");
            assertThat(verdicts(events, EventSource.XDP_PROGRAM, Tuple.IPPROTO_ICMP)).as("XDP verdicts on the pings")
                    .containsExactly("XDP_PASS", "XDP_PASS");
            assertThat(events).filteredOn(e -> e.program().phase() == ProgramPhase.EXIT
                            && e.tuple().protocol() == Tuple.IPPROTO_UDP)
                    .extracting(TraceEvent::where, e -> e.tuple().destinationPort(), e -> e.program().verdict().name())
                    .containsExactlyInAnyOrder(
                            tuple("xdp_drop_udp(xdp)", TestProgram.XDP_DROP_PORT, "XDP_DROP"),
                            tuple("xdp_drop_udp(xdp)", OTHER_PORT, "XDP_PASS"),
                            tuple("drop_icmp(tc)", OTHER_PORT, "TC_ACT_OK"));
            assertThat(events).allSatisfy(e -> {
                assertThat(e.tuple().source()).isEqualTo(client);
                assertThat(e.tuple().destination()).isEqualTo(server);
                assertThat(e.ifname()).isEqualTo(net.server().ifname());
            });
            assertThat(events).filteredOn(e -> e.program().phase() == ProgramPhase.ENTRY)
                    .as("an entry for each exit, without verdict").hasSize(events.size() / 2)
                    .allSatisfy(e -> assertThat(e.program().verdict()).isNull());
            assertThat(events).filteredOn(e -> e.program().phase() == ProgramPhase.EXIT)
                    .allSatisfy(e -> assertThat(e.program().durationNanos()).as("duration of %s", e).isPositive());
        }
    }

    @Test
    void aPcapFilterSelectsProgramEventsByThePacketsBytes() throws Exception {
        EventRecorder<TraceEvent> recorder = new EventRecorder<>();
        try (AttachedProgram _ = attachTcIngress(TestProgram.DROP_ICMP); AttachedProgram _ = attachXdp();
                Tracer _ = tracing(recorder).filter("udp dst port " + OTHER_PORT).start()) {
            pingsGetThrough();
            Traffic.sendUdp(net.client().namespace(), server, TestProgram.XDP_DROP_PORT);
            Traffic.sendUdp(net.client().namespace(), server, OTHER_PORT);

            recorder.await("TC_ACT_OK on the datagram the filter selects",
                    exitOf(EventSource.TC_PROGRAM, Tuple.IPPROTO_UDP, OTHER_PORT));
            Thread.sleep(500); // anything the filter let through wrongly has arrived by now

            assertThat(recorder.events()).extracting(TraceEvent::where, e -> e.program().phase())
                    .containsExactlyInAnyOrder(tuple("xdp_drop_udp(xdp)", ProgramPhase.ENTRY),
                            tuple("xdp_drop_udp(xdp)", ProgramPhase.EXIT), tuple("drop_icmp(tc)", ProgramPhase.ENTRY),
                            tuple("drop_icmp(tc)", ProgramPhase.EXIT));
            assertThat(recorder.events())
                    .allSatisfy(e -> assertThat(e.tuple().destinationPort()).isEqualTo(OTHER_PORT));
        }
    }

    @Test
    void aProgramAttachedAfterStartIsTracedAndItsRewriteShowsAtItsExit() throws Exception {
        EventRecorder<TraceEvent> recorder = new EventRecorder<>();
        try (Tracer _ = tracing(recorder).capturePackets(SNAPLEN).start();
                AttachedProgram _ = attachTcIngress(TestProgram.REWRITE_UDP_PORT)) {
            Predicate<TraceEvent> rewritten = e -> e.where().equals("rewrite_udp_por(tc)")
                    && e.program().phase() == ProgramPhase.EXIT;
            // The tracer looks for new programs once a second: send until one datagram was seen.
            for (int i = 0; i < 20 && recorder.events().stream().noneMatch(rewritten); i++) {
                Traffic.sendUdp(net.client().namespace(), server, TestProgram.REWRITE_FROM_PORT);
                Thread.sleep(500);
            }
            TraceEvent exit = recorder.await("the exit of the program attached after start", rewritten);
            TraceEvent entry = recorder.await("its entry", e -> e.where().equals("rewrite_udp_por(tc)")
                    && e.program().phase() == ProgramPhase.ENTRY);

            assertThat(entry.tuple().destinationPort()).isEqualTo(TestProgram.REWRITE_FROM_PORT);
            assertThat(exit.tuple().destinationPort()).isEqualTo(TestProgram.REWRITE_TO_PORT);
            assertThat(capturedDestinationPort(entry)).as("the bytes before the program")
                    .isEqualTo(TestProgram.REWRITE_FROM_PORT);
            assertThat(capturedDestinationPort(exit)).as("the bytes after it").isEqualTo(TestProgram.REWRITE_TO_PORT);
            assertThat(exit.program().verdict().name()).isEqualTo("TC_ACT_OK");
        }
    }

    /** The UDP destination port in an event's captured bytes (IPv4 without options, as the test sends). */
    private static int capturedDestinationPort(TraceEvent event) {
        CapturedPacket packet = event.packet();
        assertThat(packet).as("captured bytes of %s", event).isNotNull();
        int at = (packet.start() == PacketStart.LINK_LAYER ? ETHERNET_HEADER : 0) + IPV4_HEADER + 2;
        return (packet.bytes()[at] & 0xff) << 8 | packet.bytes()[at + 1] & 0xff;
    }

    @Test
    void aProgramDetachedWhileTracedDoesNotBreakTheTracer() throws Exception {
        EventRecorder<TraceEvent> recorder = new EventRecorder<>();
        EventRecorder<TracerFailureException> failures = new EventRecorder<>();
        AttachedProgram dropIcmp = attachTcIngress(TestProgram.DROP_ICMP);
        try (Tracer tracer = tracing(recorder).onError(failures).start()) {
            assertThat(pingsGetThrough()).isFalse();
            recorder.await("TC_ACT_SHOT on a ping", e -> e.program().phase() == ProgramPhase.EXIT
                    && e.tuple().protocol() == Tuple.IPPROTO_ICMP);

            dropIcmp.close();
            assertThat(pingsGetThrough()).as("pings once DROP_ICMP is detached").isTrue();
            try (AttachedProgram _ = attachXdp()) {
                for (int i = 0; i < 20 && recorder.events().stream()
                        .noneMatch(exitOf(EventSource.XDP_PROGRAM, Tuple.IPPROTO_UDP, OTHER_PORT)); i++) {
                    Traffic.sendUdp(net.client().namespace(), server, OTHER_PORT);
                    Thread.sleep(500);
                }
                recorder.await("XDP_PASS from the program attached after the other was detached",
                        exitOf(EventSource.XDP_PROGRAM, Tuple.IPPROTO_UDP, OTHER_PORT));
            }
            assertThat(tracer.stats().pollerFailure()).isEmpty();
            assertThat(failures.events()).isEmpty();
            assertThat(recorder.events()).filteredOn(e -> e.tuple().protocol() == Tuple.IPPROTO_ICMP
                    && e.program().phase() == ProgramPhase.EXIT).extracting(e -> e.program().verdict().name())
                    .as("no verdict of the detached program on the pings that got through").containsOnly("TC_ACT_SHOT");
        } finally {
            dropIcmp.close();
        }
    }
}
