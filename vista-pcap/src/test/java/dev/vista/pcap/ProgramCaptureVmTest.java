package dev.vista.pcap;

import static dev.vista.pcap.WiresharkTools.capinfos;
import static dev.vista.pcap.WiresharkTools.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.vista.Protocol;
import dev.vista.Tracer;
import dev.vista.TracerBuilder;
import dev.vista.event.ProgramPhase;
import dev.vista.event.TraceEvent;
import dev.vista.netns.AttachedProgram;
import dev.vista.netns.ClientServer;
import dev.vista.netns.TestProgram;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TC and XDP programs' packets before and after them ({@link CaptureMode#ENTRY} and {@link CaptureMode#EXIT}) in a
 * pcapng file read by tshark: the test bed's programs attached with tc and ip as users attach theirs, one datagram
 * each. Needs fentry on BPF programs, which our host kernel refuses: runs in the VM (scripts/vm-tests.sh).
 */
@Tag("kernel-functions")
class ProgramCaptureVmTest {
    private static final int SUBNET = 246;
    private static final int SNAPLEN = 128;
    private static final byte[] PAYLOAD = "vista-pcap: before and after a program".getBytes(StandardCharsets.US_ASCII);
    private static final String PAYLOAD_HEX = HexFormat.of().formatHex(PAYLOAD);
    private static ClientServer net;

    @TempDir
    Path dir;

    @BeforeAll
    static void createNamespaces() {
        net = ClientServer.create(SUBNET);
    }

    @AfterAll
    static void removeNamespaces() {
        net.close();
    }

    /** Traces the programs into {@code file} with both modes until the program's exit event came, then closes. */
    private static void captureOneDatagram(Path file, TracerBuilder programs, int port) throws Exception {
        List<TraceEvent> exits = new CopyOnWriteArrayList<>();
        try (PcapngSink pcap = PcapngSink.create(file).capturing(EnumSet.allOf(CaptureMode.class));
                Tracer _ = programs.filterProtocol(Protocol.UDP).filterAddress(net.server().ipv4())
                        .capturePackets(SNAPLEN).onEvent(event -> {
                            pcap.accept(event);
                            if (event.program().phase() == ProgramPhase.EXIT) {
                                exits.add(event);
                            }
                        }).onLoss(pcap::lost).start()) {
            PcapCaptureKernelTest.sendUdp(net.client().namespace(), net.server().ipv4(), port, PAYLOAD);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (exits.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(exits).as("the program's exit on the datagram to %d", port).isNotEmpty();
        }
        assertThat(capinfos(file).exitStatus()).as("capinfos opens %s", file).isZero();
    }

    @Test
    void aTcRewriteIsWrittenBeforeAndAfterTheProgramWithItsVerdict() throws Exception {
        Path file = dir.resolve("tc.pcapng");
        try (AttachedProgram _ = net.server().attachTc(AttachedProgram.Direction.INGRESS,
                TestProgram.REWRITE_UDP_PORT)) {
            captureOneDatagram(file, Tracer.builder().traceTcPrograms("^rewrite_udp_por$"),
                    TestProgram.REWRITE_FROM_PORT);
        }

        List<List<String>> rows = fields(file, "frame.comment", "udp.dstport", "frame.verdict.ebpf_tc",
                "frame.verdict.ebpf_xdp", "ip.src", "udp.payload");
        assertThat(rows).extracting(row -> row.get(0).split(" ")[0] + " " + row.get(0).split(" ")[1],
                        row -> row.subList(1, 6))
                .containsExactly(
                        tuple("rewrite_udp_por(tc) entry",
                                List.of(String.valueOf(TestProgram.REWRITE_FROM_PORT), "", "",
                                        net.client().ipv4().getHostAddress(), PAYLOAD_HEX)),
                        tuple("rewrite_udp_por(tc) exit",
                                List.of(String.valueOf(TestProgram.REWRITE_TO_PORT), "0", "",
                                        net.client().ipv4().getHostAddress(), PAYLOAD_HEX)));
        assertThat(rows.get(1).get(0)).as("the exit's comment").contains(" verdict=TC_ACT_OK ");
        assertThat(skbOf(rows.get(0).get(0))).as("the same packet").isEqualTo(skbOf(rows.get(1).get(0)));
    }

    @Test
    void anXdpDropIsWrittenWithTheFramesBytesAndXdpDropAsItsVerdict() throws Exception {
        Path file = dir.resolve("xdp.pcapng");
        try (AttachedProgram _ = net.server().attachXdp(TestProgram.XDP_DROP_UDP_PORT)) {
            captureOneDatagram(file, Tracer.builder().traceXdpPrograms("^xdp_drop_udp$"), TestProgram.XDP_DROP_PORT);
        }

        List<List<String>> rows = fields(file, "frame.comment", "frame.encap_type", "eth.type", "ip.src",
                "udp.dstport", "udp.payload", "frame.verdict.ebpf_xdp", "frame.verdict.ebpf_tc",
                "frame.packet_flags_direction");
        String client = net.client().ipv4().getHostAddress();
        String port = String.valueOf(TestProgram.XDP_DROP_PORT);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get(0)).startsWith("xdp_drop_udp(xdp) entry prog=");
        assertThat(rows.get(0).subList(1, 9)).containsExactly("1", "0x0800", client, port, PAYLOAD_HEX, "", "",
                "0x00000001");
        assertThat(rows.get(1).get(0)).startsWith("xdp_drop_udp(xdp) exit verdict=XDP_DROP ");
        assertThat(rows.get(1).subList(1, 9)).containsExactly("1", "0x0800", client, port, PAYLOAD_HEX, "1", "",
                "0x00000001");
    }

    /** The {@code skb=0x...} of a comment: the packet's address, the same at the program's entry and exit. */
    private static String skbOf(String comment) {
        return comment.replaceAll(".* skb=(0x[0-9a-f]+) .*", "$1");
    }
}
