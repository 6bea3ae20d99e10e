package dev.vista.internal.programs;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.vista.event.PacketProgramType;
import dev.vista.internal.bpf.BpfResources;
import dev.vista.internal.libbpf.BpfLink;
import dev.vista.internal.libbpf.BpfObject;
import dev.vista.internal.libbpf.Libbpf;
import dev.vista.internal.libc.Libc;
import dev.vista.internal.ringbuf.EventLayout;
import dev.vista.internal.ringbuf.RingBuffer;
import dev.vista.netns.AttachedProgram;
import dev.vista.netns.ClientServer;
import dev.vista.netns.TestProgram;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * tc_xdp_programs.bpf.o, aimed at real TC and XDP programs, loads, attaches and reports what each
 * program saw and decided: the verdict and how long it ran at exit. Needs fentry on BPF programs,
 * which our host kernel refuses: runs in the VM (scripts/vm-tests.sh).
 */
@Tag("kernel-functions")
class TcXdpTracingObjectVmTest {
    private static final int SUBNET = 238;
    private static final int OTHER_PORT = 7004;
    private static final int SOURCE_TC = 9;
    private static final int SOURCE_XDP = 10;
    private static final int ENTRY = 1;
    private static final int EXIT = 2;
    private static final int TC_ACT_OK = 0;
    private static final int TC_ACT_SHOT = 2;
    private static final int XDP_DROP = 1;
    private static final int XDP_PASS = 2;
    private static final int ICMP = 1;
    private static final int UDP = 17;
    private static final long RING_BYTES = 1 << 20;

    /** The fields of one record this test checks. */
    private record Seen(int source, int where, int verdict, long ranNs, int l4proto, int dport, String daddr) {
    }

    @Test
    void reportsEachProgramsVerdictOnEachPacket() throws Exception {
        try (ClientServer net = ClientServer.create(SUBNET);
                AttachedProgram _ = net.server().namespace().attachTc(net.server().ifname(),
                        AttachedProgram.Direction.INGRESS, TestProgram.DROP_ICMP);
                AttachedProgram _ = net.server().namespace().attachXdp(net.server().ifname(),
                        TestProgram.XDP_DROP_UDP_PORT);
                BpfObject tracer = BpfObject.open("vista_tc_xdp", BpfResources.bytes("tc_xdp_programs.bpf.o"))) {
            PacketProgram tc = only(PacketProgramType.TC, TestProgram.DROP_ICMP);
            PacketProgram xdp = only(PacketProgramType.XDP, TestProgram.XDP_DROP_UDP_PORT);
            tracer.map("events").setMaxEntries((int) RING_BYTES);
            int tcFd = Libbpf.bpf_prog_get_fd_by_id(tc.id());
            int xdpFd = Libbpf.bpf_prog_get_fd_by_id(xdp.id());
            try {
                tracer.program("vista_tc_entry").setAttachTarget(tcFd, tc.function());
                tracer.program("vista_tc_exit").setAttachTarget(tcFd, tc.function());
                tracer.program("vista_xdp_entry").setAttachTarget(xdpFd, xdp.function());
                tracer.program("vista_xdp_exit").setAttachTarget(xdpFd, xdp.function());
                tracer.load();
            } finally {
                Libc.close(tcFd);
                Libc.close(xdpFd);
            }
            List<BpfLink> links = new ArrayList<>();
            try (RingBuffer ring = new RingBuffer(tracer.map("events").fd(), RING_BYTES)) {
                for (String name : List.of("vista_tc_entry", "vista_tc_exit", "vista_xdp_entry", "vista_xdp_exit")) {
                    links.add(tracer.program(name).attach());
                }
                String server = net.server().ipv4().getHostAddress();
                assertThat(net.client().namespace().exec("ping", "-4", "-c2", "-W1", server).exitCode())
                        .as("pings dropped by DROP_ICMP").isNotZero();
                net.client().namespace().run(() -> {
                    try (DatagramChannel sender = DatagramChannel.open()) {
                        for (int port : new int[] {TestProgram.XDP_DROP_PORT, OTHER_PORT}) {
                            sender.send(ByteBuffer.wrap(new byte[] {1}), new InetSocketAddress(server, port));
                        }
                    }
                });
                List<Seen> seen = new ArrayList<>();
                ring.drain((data, offset, length) -> seen.add(decode(data.asSlice(offset, length))));
                List<Seen> toServer = seen.stream().filter(s -> s.daddr().equals(server)).toList();

                assertThat(exits(toServer, SOURCE_TC, ICMP)).as("TC verdicts on pings").containsOnly(TC_ACT_SHOT)
                        .hasSize(2);
                assertThat(exits(toServer, SOURCE_TC, UDP)).as("TC verdicts on the datagram XDP passed")
                        .containsExactly(TC_ACT_OK);
                assertThat(exits(toServer, SOURCE_XDP, ICMP)).containsOnly(XDP_PASS).hasSize(2);
                assertThat(toServer).filteredOn(s -> s.source() == SOURCE_XDP && s.where() == EXIT
                        && s.l4proto() == UDP).extracting(Seen::dport, Seen::verdict).containsExactly(
                                tuple(TestProgram.XDP_DROP_PORT, XDP_DROP),
                                tuple(OTHER_PORT, XDP_PASS));
                assertThat(toServer).filteredOn(s -> s.where() == ENTRY).hasSize(toServer.size() / 2);
                assertThat(toServer).filteredOn(s -> s.where() == EXIT).allSatisfy(s -> assertThat(s.ranNs())
                        .as("duration of %s", s).isPositive());
            } finally {
                links.forEach(BpfLink::close);
            }
        }
    }

    private static List<Integer> exits(List<Seen> seen, int source, int l4proto) {
        return seen.stream().filter(s -> s.source() == source && s.where() == EXIT && s.l4proto() == l4proto)
                .map(Seen::verdict).toList();
    }

    private static PacketProgram only(PacketProgramType type, TestProgram program) {
        List<PacketProgram> found = LoadedPrograms.find(EnumSet.of(type),
                Pattern.compile("^" + Pattern.quote(program.kernelName()) + "$"));
        assertThat(found).as("loaded %s programs named %s", type, program.kernelName()).hasSize(1);
        return found.getFirst();
    }

    private static Seen decode(MemorySegment event) {
        byte[] daddr = new byte[4];
        MemorySegment.copy(event, JAVA_BYTE, EventLayout.TUPLE_DADDR, daddr, 0, 4);
        int dport = Short.toUnsignedInt(event.get(JAVA_SHORT, EventLayout.TUPLE_DPORT)); // host order
        return new Seen(event.get(JAVA_BYTE, EventLayout.SOURCE), event.get(JAVA_SHORT, EventLayout.WHERE),
                event.get(JAVA_INT, EventLayout.DROP_REASON), event.get(JAVA_LONG_UNALIGNED, EventLayout.LOCATION),
                event.get(JAVA_BYTE, EventLayout.TUPLE_L4PROTO), dport,
                (daddr[0] & 0xff) + "." + (daddr[1] & 0xff) + "." + (daddr[2] & 0xff) + "." + (daddr[3] & 0xff));
    }
}
