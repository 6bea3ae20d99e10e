package dev.vista.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.CapturedPacket;
import dev.vista.event.EventSource;
import dev.vista.event.LossEvent;
import dev.vista.event.PacketStart;
import dev.vista.event.StackFrame;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import dev.vista.event.Tuple;
import java.net.InetAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Lines compared character for character with skbtracer's README and its Go format strings. */
class SkbtracerFormatTest {
    private static final long EPOCH_NANOS = Instant.parse("2021-11-30T13:43:45.250Z").toEpochMilli() * 1_000_000L;
    private static final int TCP_ACK_PSH = 0x18;
    // Ethernet to 02:00:0a:00:04:0f, then an IPv4 header of total length 168 (0xa8).
    private static final byte[] ETHERNET_IPV4 = HexFormat.of().parseHex("02000a00040f0200aabbccdd08004500" + "00a8");

    private static TraceEvent.Builder ipOutput() {
        return TraceEvent.builder().timestampNs(7_000_000_000L).epochNanos(EPOCH_NANOS).cpu(3)
                .source(EventSource.SKB_FUNCTION).skb(0xffff9a271b1b3ae0L).function("ip_output").netns(4026531840L)
                .ifindex(2).ifname("ens18").len(182).protocol(0x0800).pktType(0)
                .tuple(new Tuple(InetAddress.ofLiteral("10.0.1.10"), InetAddress.ofLiteral("10.0.4.15"), 22, 55343,
                        Tuple.IPPROTO_TCP, TCP_ACK_PSH, 0, 0, 0, 0));
    }

    private static String line(SkbtracerFormat format, TraceEvent event) {
        return format.append(event, new StringBuilder()).toString();
    }

    @Test
    void headerIsSkbtracersColumns() {
        assertThat(new SkbtracerFormat(ZoneOffset.UTC, false).appendHeader(new StringBuilder())).hasToString(
                "TIME       NETWORK_NS   CPU    INTERFACE          DEST_MAC           IP_LEN PKT_INFO"
                        + "                                               TRACE_INFO\n");
    }

    @Test
    void tcpLineMatchesSkbtracersExampleWithTheMacAndLengthFromTheCapturedHeaders() {
        TraceEvent event = ipOutput().packet(new CapturedPacket(PacketStart.LINK_LAYER, 182, ETHERNET_IPV4)).build();
        assertThat(line(new SkbtracerFormat(ZoneOffset.UTC, false), event)).isEqualTo(
                "[13:43:45] [4026531840] 3      ens18              02:00:0a:00:04:0f  168    "
                        + "T_ACK,PSH:10.0.1.10:22->10.0.4.15:55343                ffff9a271b1b3ae0.0:ip_output\n");
    }

    @Test
    void withoutAnEthernetHeaderTheMacIsZerosAndTheLengthComesFromTheIpHeader() {
        byte[] ipv4 = HexFormat.of().parseHex("450000a8");
        TraceEvent event = ipOutput().ifname(null).packet(new CapturedPacket(PacketStart.NETWORK, 168,
                Arrays.copyOf(ipv4, 20))).build();
        assertThat(line(new SkbtracerFormat(ZoneOffset.UTC, false), event))
                .startsWith("[13:43:45] [4026531840] 3      nil                00:00:00:00:00:00  168    T_ACK,PSH:");
    }

    @Test
    void icmpEchoesUdpAndIpv6AreWrittenAsSkbtracerWritesThem() {
        assertThat(SkbtracerFormat.packetInfo(tuple("10.0.0.1", "10.0.0.2", 0, 0, Tuple.IPPROTO_ICMP, 0, 8)))
                .isEqualTo("I_request:10.0.0.1->10.0.0.2");
        assertThat(SkbtracerFormat.packetInfo(tuple("10.0.0.2", "10.0.0.1", 0, 0, Tuple.IPPROTO_ICMP, 0, 0)))
                .isEqualTo("I_reply:10.0.0.2->10.0.0.1");
        assertThat(SkbtracerFormat.packetInfo(tuple("10.0.0.2", "10.0.0.1", 0, 0, Tuple.IPPROTO_ICMP, 0, 3)))
                .isEqualTo("I:10.0.0.2->10.0.0.1");
        assertThat(SkbtracerFormat.packetInfo(tuple("fd00::1", "fd00::2", 0, 0, Tuple.IPPROTO_ICMPV6, 0, 128)))
                .isEqualTo("I_request:fd00::1->fd00::2");
        assertThat(SkbtracerFormat.packetInfo(tuple("fd00::1", "fd00::2", 4242, 53, Tuple.IPPROTO_UDP, 0, 0)))
                .isEqualTo("U:fd00::1:4242->fd00::2:53");
        assertThat(SkbtracerFormat.packetInfo(tuple("10.0.0.1", "10.0.0.2", 40000, 22, Tuple.IPPROTO_TCP, 0x02, 0)))
                .isEqualTo("T_SYN:10.0.0.1:40000->10.0.0.2:22");
        assertThat(SkbtracerFormat.packetInfo(tuple("10.0.0.1", "10.0.0.2", 40000, 22, Tuple.IPPROTO_TCP, 0, 0)))
                .isEqualTo("T:10.0.0.1:40000->10.0.0.2:22");
        assertThat(SkbtracerFormat.packetInfo(tuple("10.0.0.1", "10.0.0.2", 0, 0, 47, 0, 0)))
                .isEqualTo("47:10.0.0.1->10.0.0.2");
    }

    @Test
    void minusTPrintsSecondsSinceTheFirstEventToTheMicrosecond() {
        SkbtracerFormat format = new SkbtracerFormat(ZoneOffset.UTC, true);
        line(format, ipOutput().build());
        TraceEvent later = ipOutput().timestampNs(7_000_000_000L + 1_234_567_890L).build();
        assertThat(line(format, later)).startsWith("[1.234568] [4026531840] ");
    }

    @Test
    void aTracepointsEventNamesTheTracepointAndItsStackFollowsTheLine() {
        TraceEvent event = ipOutput().source(EventSource.SKB_TRACEPOINT).function(null)
                .tracepoint(Tracepoint.KFREE_SKB).stack(List.of(new StackFrame(0xffffffff81000000L, "ip_rcv+0x1a")))
                .build();
        assertThat(line(new SkbtracerFormat(ZoneOffset.UTC, false), event))
                .contains("ffff9a271b1b3ae0.0:kfree_skb\n")
                .endsWith("\n        ip_rcv+0x1a\n");
    }

    @Test
    void lostEventsGetVistasMarker() {
        LossEvent loss = new LossEvent(1, 1, 3, Set.of(EventSource.SKB_TRACEPOINT));
        assertThat(new SkbtracerFormat(ZoneOffset.UTC, false).append(loss, new StringBuilder()))
                .hasToString("--- 3 events lost on CPU 1 ---\n");
    }

    private static Tuple tuple(String source, String destination, int sourcePort, int destinationPort, int protocol,
            int tcpFlags, int icmpType) {
        return new Tuple(InetAddress.ofLiteral(source), InetAddress.ofLiteral(destination), sourcePort,
                destinationPort, protocol, tcpFlags, icmpType, 0, 0, 0);
    }
}
