package dev.vista.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.Output;
import dev.vista.event.DropReason;
import dev.vista.event.EventSource;
import dev.vista.event.LossEvent;
import dev.vista.event.SkTracepoint;
import dev.vista.event.SockEvent;
import dev.vista.event.StackFrame;
import dev.vista.event.TcpConnectionEvent;
import dev.vista.event.TcpDirection;
import dev.vista.event.TcpReset;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import dev.vista.event.Tuple;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VistaLineFormatterTest {
    private static final Set<Output> META_AND_TUPLE = EnumSet.of(Output.META, Output.TUPLE);
    private static final long START_NANOS = 5_000_000_000L;
    // 2024-05-25 13:08:37.005 UTC
    private static final long EPOCH_NANOS = Instant.parse("2024-05-25T13:08:37.005Z").toEpochMilli() * 1_000_000L + 123;

    /** An ICMP echo request like the one in vista's README, seen at netif_receive_skb. */
    private static TraceEvent echoRequest() {
        return TraceEvent.builder().timestampNs(START_NANOS + 1_234_567).epochNanos(EPOCH_NANOS).cpu(2)
                .source(EventSource.SKB_TRACEPOINT).skb(0xffff990282314000L)
                .tracepoint(Tracepoint.NETIF_RECEIVE_SKB).netns(4026531840L).ifindex(2).ifname("ens33").len(98)
                .mtu(1500).protocol(0x0800)
                .tuple(tuple("192.168.241.1", "192.168.241.133", 0, 0, Tuple.IPPROTO_ICMP, 8, 0, 23089, 0)).build();
    }

    private static Tuple tuple(String source, String destination, int sourcePort, int destinationPort, int protocol,
            int icmpType, int icmpCode, int icmpId, int icmpSequence) {
        return new Tuple(InetAddress.ofLiteral(source), InetAddress.ofLiteral(destination), sourcePort,
                destinationPort, protocol, 0, icmpType, icmpCode, icmpId, icmpSequence);
    }

    private static String format(VistaLineFormatter formatter, TraceEvent event) {
        return formatter.append(event, new StringBuilder()).toString();
    }

    private static VistaLineFormatter formatter(Set<Output> outputs, TimestampMode timestamps) {
        return new VistaLineFormatter(outputs, timestamps, ZoneOffset.UTC);
    }

    @Test
    void headerHasVistasColumns() {
        assertThat(formatter(META_AND_TUPLE, TimestampMode.NONE).appendHeader(new StringBuilder()))
                .hasToString("            SKB/SK    CPU          PROCESS                     FUNC\n");
    }

    @Test
    void headerWithTimestampsAddsTimestampAndForAbsoluteTimeColumns() {
        assertThat(formatter(META_AND_TUPLE, TimestampMode.RELATIVE).appendHeader(new StringBuilder()))
                .hasToString("            SKB/SK    CPU          PROCESS                     FUNC        TIMESTAMP\n");
        assertThat(formatter(META_AND_TUPLE, TimestampMode.ABSOLUTE).appendHeader(new StringBuilder()))
                .hasToString("        TIME             SKB/SK    CPU          PROCESS                     FUNC"
                        + "        TIMESTAMP\n");
        assertThat(formatter(META_AND_TUPLE, TimestampMode.CURRENT).appendHeader(new StringBuilder()))
                .hasToString("            SKB/SK    CPU          PROCESS                     FUNC        TIMESTAMP\n");
    }

    @Test
    void theSkbStructFollowsTheEventLineInTheKernelPrintersShape() {
        TraceEvent event = echoRequest().toBuilder().skbStruct(KernelStructs.skb()).build();

        String text = format(formatter(Set.of(), TimestampMode.NONE), event);

        assertThat(text).isEqualTo(format(formatter(Set.of(), TimestampMode.NONE), echoRequest()) + """
                (struct sk_buff){
                 (union){
                  .dev = (struct net_device *)0xffff888012345600,
                  .dev_scratch = (long unsigned int)18446612682375452160,
                 },
                 .len = (unsigned int)98,
                 .pkt_type = (__u8)0x3,
                 .cb = (char[])[
                  'a',
                 ],
                 .state = (enum skb_state)SKB_NONE,
                 .headers = (struct){
                  .protocol = (__be16)8,
                 },
                }
                """);
    }

    @Test
    void aLossMarkerIsALineOfItsOwnInPlace() {
        VistaLineFormatter formatter = formatter(META_AND_TUPLE, TimestampMode.RELATIVE);
        assertThat(formatter.append(new LossEvent(START_NANOS, 1, 1234, Set.of(EventSource.SKB_TRACEPOINT)),
                new StringBuilder())).hasToString("--- 1234 events lost on CPU 1 ---\n");
        assertThat(formatter.append(new LossEvent(START_NANOS, 0, 1, Set.of()), new StringBuilder()))
                .hasToString("--- 1 event lost on CPU 0 ---\n");
    }

    @Test
    void metaAndTupleAsInVistasReadme() {
        assertThat(format(formatter(META_AND_TUPLE, TimestampMode.NONE), echoRequest())).isEqualTo(
                "0xffff990282314000      2     [<empty>(0)]        netif_receive_skb netns=4026531840 mark=0x0 "
                        + "iface=2(ens33) proto=0x0800 mtu=1500 len=98 pkt_type=HOST "
                        + "192.168.241.1->192.168.241.133(icmp request id=23089 seq=0)\n");
    }

    @Test
    void withoutMetaAndTupleOnlyTheColumnsRemain() {
        assertThat(format(formatter(Set.of(), TimestampMode.NONE), echoRequest()))
                .isEqualTo("0xffff990282314000      2     [<empty>(0)]        netif_receive_skb\n");
        assertThat(format(formatter(Set.of(Output.TUPLE), TimestampMode.NONE), echoRequest()))
                .isEqualTo("0xffff990282314000      2     [<empty>(0)]        netif_receive_skb "
                        + "192.168.241.1->192.168.241.133(icmp request id=23089 seq=0)\n");
    }

    @Test
    void relativeTimestampIsTheTimeSinceTheSameSkbWasLastSeenUntilItIsFreed() {
        VistaLineFormatter formatter = formatter(Set.of(), TimestampMode.RELATIVE);
        TraceEvent received = echoRequest();
        TraceEvent delivered = received.toBuilder().timestampNs(received.timestampNs() + 15_300)
                .tracepoint(Tracepoint.SKB_COPY_DATAGRAM_IOVEC).build();
        TraceEvent other = received.toBuilder().skb(0xffff990282315000L).timestampNs(received.timestampNs() + 20_000)
                .build();
        TraceEvent consumed = delivered.toBuilder().timestampNs(delivered.timestampNs() + 700)
                .tracepoint(Tracepoint.CONSUME_SKB).build();
        TraceEvent reused = received.toBuilder().timestampNs(consumed.timestampNs() + 1_000_000).build();
        assertThat(format(formatter, received) + format(formatter, delivered) + format(formatter, other)
                + format(formatter, consumed) + format(formatter, reused)).isEqualTo(
                "0xffff990282314000      2     [<empty>(0)]        netif_receive_skb                0\n"
                        + "0xffff990282314000      2     [<empty>(0)]  skb_copy_datagram_iovec            15300\n"
                        + "0xffff990282315000      2     [<empty>(0)]        netif_receive_skb                0\n"
                        + "0xffff990282314000      2     [<empty>(0)]              consume_skb              700\n"
                        + "0xffff990282314000      2     [<empty>(0)]        netif_receive_skb                0\n");
    }

    @Test
    void absoluteTimestampPrintsWallClockFirstAndTheKernelTimeLast() {
        assertThat(format(formatter(Set.of(), TimestampMode.ABSOLUTE), echoRequest()))
                .isEqualTo("13:08:37.005 0xffff990282314000      2     [<empty>(0)]        netif_receive_skb"
                        + "       5001234567\n");
    }

    @Test
    void currentTimestampIsTheKernelsTimeAsRecordedWithoutWallClock() {
        assertThat(format(formatter(Set.of(), TimestampMode.CURRENT), echoRequest()))
                .isEqualTo("0xffff990282314000      2     [<empty>(0)]        netif_receive_skb       5001234567\n");
    }

    @Test
    void skbLineWithMetaTupleAndEveryTimestampColumn() {
        TraceEvent event = echoRequest().toBuilder().pid(1234).comm("ping").build();
        assertThat(format(formatter(META_AND_TUPLE, TimestampMode.ABSOLUTE), event)).isEqualTo(
                "13:08:37.005 0xffff990282314000      2     [ping(1234)]        netif_receive_skb       5001234567"
                        + " netns=4026531840 mark=0x0 iface=2(ens33) proto=0x0800 mtu=1500 len=98 pkt_type=HOST "
                        + "192.168.241.1->192.168.241.133(icmp request id=23089 seq=0)\n");
    }

    @Test
    void dropNamesItsReasonAndCallerAndPrintsTheStackBelow() {
        TraceEvent drop = TraceEvent.builder().timestampNs(START_NANOS).epochNanos(EPOCH_NANOS).cpu(11).pid(4321)
                .comm("socat").source(EventSource.SKB_TRACEPOINT).skb(0xffff8881032a4e00L)
                .tracepoint(Tracepoint.KFREE_SKB).location("udp_queue_rcv_one_skb+0x3c5").netns(4026532467L)
                .mark(0x2a).ifindex(7).ifname("veth0b").len(33).mtu(1500).protocol(0x0800)
                .tuple(tuple("10.201.0.1", "10.201.0.2", 40000, 9004, Tuple.IPPROTO_UDP, 0, 0, 0, 0))
                .dropReason(new DropReason(2, DropReason.NO_SOCKET))
                .stack(List.of(new StackFrame(0xffffffff81b1c2d0L, "kfree_skb_reason+0x94"),
                        new StackFrame(0xffffffff81c3a111L, "__udp4_lib_rcv+0x8d1")))
                .build();
        assertThat(format(formatter(META_AND_TUPLE, TimestampMode.NONE), drop)).isEqualTo(
                "0xffff8881032a4e00     11    [socat(4321)] kfree_skb(SKB_DROP_REASON_NO_SOCKET) netns=4026532467 "
                        + "mark=0x2a iface=7(veth0b) proto=0x0800 mtu=1500 len=33 pkt_type=HOST "
                        + "10.201.0.1:40000->10.201.0.2:9004(udp) caller=udp_queue_rcv_one_skb+0x3c5\n"
                        + "kfree_skb_reason+0x94\n"
                        + "__udp4_lib_rcv+0x8d1\n");
    }

    @Test
    void ipv6IsBracketedAndCompressedAndUnknownValuesAreSpelledOut() {
        TraceEvent event = TraceEvent.builder().timestampNs(START_NANOS).epochNanos(EPOCH_NANOS).pid(77)
                .comm("curl").source(EventSource.SKB_TRACEPOINT).skb(0x1L).tracepoint(Tracepoint.NET_DEV_QUEUE)
                .netns(1L).mark(0xffffffffL).ifindex(3).ifname("").len(1280).mtu(65536).protocol(0x86dd).pktType(9)
                .tuple(tuple("fd00:201:0:0:0:0:0:1", "fd00:201::2", 51234, 443, Tuple.IPPROTO_TCP, 0, 0, 0, 0))
                .build();
        assertThat(format(formatter(META_AND_TUPLE, TimestampMode.NONE), event)).isEqualTo(
                "               0x1      0       [curl(77)]            net_dev_queue netns=1 mark=0xffffffff iface=3 "
                        + "proto=0x86dd mtu=65536 len=1280 pkt_type=UNK(9) "
                        + "[fd00:201::1]:51234->[fd00:201::2]:443(tcp)\n");
    }

    @Test
    void icmpOtherThanEchoShowsTypeAndCodeAndOtherProtocolsTheirNumber() {
        VistaLineFormatter tupleOnly = formatter(Set.of(Output.TUPLE), TimestampMode.NONE);
        TraceEvent unreachable = withTuple(tuple("10.0.0.2", "10.0.0.1", 0, 0, Tuple.IPPROTO_ICMP, 3, 3, 0, 0));
        TraceEvent gre = withTuple(tuple("10.0.0.2", "10.0.0.1", 0, 0, 47, 0, 0, 0, 0));
        TraceEvent echoReply6 = withTuple(tuple("fd00::2", "fd00::1", 0, 0, Tuple.IPPROTO_ICMPV6, 129, 0, 7, 3));
        assertThat(format(tupleOnly, unreachable)).endsWith(" 10.0.0.2->10.0.0.1(icmp type=3 code=3)\n");
        assertThat(format(tupleOnly, gre)).endsWith(" 10.0.0.2->10.0.0.1(proto=47)\n");
        assertThat(format(tupleOnly, echoReply6)).endsWith(" [fd00::2]->[fd00::1](icmp6 reply id=7 seq=3)\n");
    }

    @Test
    void nonIpPacketsHaveNoTupleAndUnknownTracepointsSayUnknown() {
        TraceEvent arp = TraceEvent.builder().epochNanos(EPOCH_NANOS).cpu(1).comm("swapper/1")
                .source(EventSource.SKB_TRACEPOINT).skb(0xffff888100000000L).netns(1L).ifindex(2).ifname("eth0")
                .len(28).mtu(1500).protocol(0x0806).pktType(1).build();
        assertThat(format(formatter(META_AND_TUPLE, TimestampMode.NONE), arp)).isEqualTo(
                "0xffff888100000000      1   [swapper/1(0)]                  unknown netns=1 mark=0x0 iface=2(eth0) "
                        + "proto=0x0806 mtu=1500 len=28 pkt_type=BROADCAST\n");
    }

    @Test
    void wideColumnsPushTheLineRightAndNegativeRelativeTimesKeepTheirSign() {
        // An event stamped before the skb's previous one (another CPU's ring) and a comm and pid filling PROCESS.
        TraceEvent early = TraceEvent.builder().timestampNs(START_NANOS - 42).epochNanos(EPOCH_NANOS).cpu(123456)
                .pid(4194304).comm("kworker/u8:1-events").source(EventSource.SKB_FUNCTION).skb(0x1)
                .function("__netif_receive_skb_one_core_wide").netns(1L).ifindex(2).ifname("eth0").len(28).mtu(1500)
                .protocol(0x0806).pktType(1).build();
        VistaLineFormatter formatter = formatter(Set.of(), TimestampMode.RELATIVE);
        format(formatter, early.toBuilder().timestampNs(START_NANOS).build());
        assertThat(format(formatter, early)).isEqualTo(
                "               0x1 123456 [kworker/u8:1-events(4194304)] __netif_receive_skb_one_core_wide"
                        + "              -42\n");
    }

    @Test
    void eachLineShowsItsOwnDeviceAndFlowWhenTheyAlternate() {
        // The formatter keeps the text of devices and tuples: alternating ones must not leak into each other.
        TraceEvent e = echoRequest();
        TraceEvent other = e.toBuilder().mark(7).ifname("ens34").mtu(9000).protocol(0x86dd)
                .tuple(tuple("fd00::1", "fd00::2", 1, 2, Tuple.IPPROTO_UDP, 0, 0, 0, 0)).build();
        VistaLineFormatter formatter = formatter(META_AND_TUPLE, TimestampMode.NONE);
        String first = format(formatter, e);
        String second = format(formatter, other);
        assertThat(second).endsWith(" netns=4026531840 mark=0x7 iface=2(ens34) proto=0x86dd mtu=9000 len=98 "
                + "pkt_type=HOST [fd00::1]:1->[fd00::2]:2(udp)\n");
        assertThat(format(formatter, e)).isEqualTo(first).contains("mark=0x0 iface=2(ens33) proto=0x0800 mtu=1500");
        assertThat(format(formatter, other)).isEqualTo(second);
    }

    @Test
    void decimalLengthCountsDigitsAndSign() {
        for (long value : new long[] {0, 9, 10, -1, -10, 99_999, 1_000_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertThat(VistaLineFormatter.decimalLength(value)).as("%d", value)
                    .isEqualTo(Long.toString(value).length());
        }
    }

    @Test
    void appendsToWhatTheBufferAlreadyHolds() {
        VistaLineFormatter formatter = formatter(Set.of(), TimestampMode.NONE);
        StringBuilder buffer = new StringBuilder();
        formatter.appendHeader(buffer);
        formatter.append(echoRequest(), buffer);
        formatter.append(echoRequest(), buffer);
        assertThat(buffer.toString().lines()).hasSize(3)
                .element(2).isEqualTo("0xffff990282314000      2     [<empty>(0)]        netif_receive_skb");
    }

    private static TraceEvent withTuple(Tuple tuple) {
        return echoRequest().toBuilder().tuple(tuple).build();
    }

    private static TcpConnectionEvent tcpEnd() {
        return TcpConnectionEvent.builder().timestampNs(START_NANOS + 2_000_000).epochNanos(EPOCH_NANOS).cpu(1)
                .pid(4242).comm("curl").netns(4026531840L).mark(0x10).sock(0xffff8880aabbcc00L)
                .tuple(tuple("10.0.0.1", "10.0.0.2", 46182, 443, Tuple.IPPROTO_TCP, 0, 0, 0, 0))
                .direction(TcpDirection.CONNECTED).lifetime(Duration.ofNanos(1_503_016_789)).bytesReceived(1000)
                .bytesSent(2000).srttMicros(120).retransmits(3).congestion("cubic").reset(TcpReset.RECEIVED)
                .lastState("ESTABLISHED").build();
    }

    @Test
    void tcpEndIsVistasTcpLineAndWithTcpOutputItsTcpLine() {
        assertThat(formatter(META_AND_TUPLE, TimestampMode.NONE).append(tcpEnd(), new StringBuilder())).hasToString(
                "0xffff8880aabbcc00      1     [curl(4242)]                      TCP netns=4026531840 mark=0x10"
                        + " 10.0.0.1:46182->10.0.0.2:443(tcp)\n");
        assertThat(formatter(EnumSet.of(Output.TCP), TimestampMode.RELATIVE).append(tcpEnd(), new StringBuilder()))
                .hasToString("0xffff8880aabbcc00      1     [curl(4242)]                      TCP                0"
                        + " 10.0.0.1:46182->10.0.0.2:443(tcp)\n"
                        + "TCP: rx=1000B tx=1.953KiB lifetime=1.503016789s srtt=120\u00b5s retrans=3 sk_mark=0x10"
                        + " cong=cubic"
                        + " reset=received connected last_state=ESTABLISHED\n");
    }

    @Test
    void tcpLineAsInTheIssuesExampleOfVista() {
        // rx=5454 B is 5.326 KiB, tx=5885 B 5.747 KiB; no reset: vista prints none.
        TcpConnectionEvent ssh = tcpEnd().toBuilder().pid(1234).comm("sshd").mark(0).bytesReceived(5454)
                .bytesSent(5885).lifetime(Duration.ofNanos(939_570_803)).srttMicros(240).retransmits(0)
                .reset(TcpReset.NONE).direction(TcpDirection.ACCEPTED).lastState("LAST_ACK")
                .tuple(tuple("192.168.241.133", "192.168.241.1", 22, 63174, Tuple.IPPROTO_TCP, 0, 0, 0, 0)).build();
        assertThat(formatter(EnumSet.of(Output.META, Output.TUPLE, Output.TCP), TimestampMode.NONE)
                .append(ssh, new StringBuilder())).hasToString(
                "0xffff8880aabbcc00      1     [sshd(1234)]                      TCP netns=4026531840 mark=0x0"
                        + " 192.168.241.133:22->192.168.241.1:63174(tcp)\n"
                        + "TCP: rx=5.326KiB tx=5.747KiB lifetime=939.570803ms srtt=240\u00b5s retrans=0 sk_mark=0x0"
                        + " cong=cubic accepted last_state=LAST_ACK\n");
    }

    @Test
    void sockEventShowsTheStateChangeAndWithSkOutputVistasSockAndSocketLines() {
        SockEvent event = SockEvent.builder().timestampNs(START_NANOS).epochNanos(EPOCH_NANOS).pid(4242)
                .comm("curl").sock(0xffff8880aabbcc00L).tracepoint(SkTracepoint.INET_SOCK_SET_STATE)
                .netns(4026531840L).mark(0x10).boundIfindex(3)
                .tuple(tuple("10.0.0.1", "10.0.0.2", 46182, 443, Tuple.IPPROTO_TCP, 0, 0, 0, 0)).family("AF_INET")
                .type("STREAM").state("SYN_SENT").oldState("SYN_SENT").newState("ESTABLISHED").rcvbuf(131072)
                .sndbuf(87040).priority(6).reusePort(true).backlog(1448).socketState("SS_CONNECTING").inode(98765)
                .build();
        assertThat(formatter(EnumSet.of(Output.SK), TimestampMode.NONE).append(event, new StringBuilder()))
                .hasToString("0xffff8880aabbcc00      0     [curl(4242)]      inet_sock_set_state"
                        + " 10.0.0.1:46182->10.0.0.2:443(tcp) SYN_SENT->ESTABLISHED\n"
                        + "SOCK: skc_state=SYN_SENT skc_reuseport=true skc_bound_ifindex=3 sk_backlog=1448"
                        + " sk_rcv_buff=131072"
                        + " sk_snd_buff=87040 sk_priority=6 sk_mark=0x10 sk_type=SOCK_STREAM\n"
                        + "SOCKET: socket_state=CONNECTING socket_file_inode=98765 socket_flags=0\n");
    }

    @Test
    void sockLineAsInTheIssuesExampleOfVistaAndWithoutStructSocketNoSocketLine() {
        SockEvent established = SockEvent.builder().timestampNs(START_NANOS).epochNanos(EPOCH_NANOS).cpu(3)
                .sock(0xffff8880aabbcc00L).function("tcp_sendmsg").netns(4026531840L).family("AF_INET")
                .type("STREAM").state("ESTABLISHED").rcvbuf(614849).sndbuf(87040).priority(6)
                .socketState("SS_CONNECTED").inode(15100).socketFlags(32).build();
        VistaLineFormatter formatter = formatter(EnumSet.of(Output.META, Output.SK), TimestampMode.NONE);
        assertThat(formatter.append(established, new StringBuilder())).hasToString(
                "0xffff8880aabbcc00      3     [<empty>(0)]              tcp_sendmsg netns=4026531840\n"
                        + "SOCK: skc_state=ESTABLISHED skc_reuseport=false skc_bound_ifindex=0 sk_backlog=0"
                        + " sk_rcv_buff=614849 sk_snd_buff=87040 sk_priority=6 sk_mark=0x0 sk_type=SOCK_STREAM\n"
                        + "SOCKET: socket_state=CONNECTED socket_file_inode=15100 socket_flags=32\n");
        SockEvent timeWait = established.toBuilder().type("10").state("TIME_WAIT").socketState(null).inode(0).build();
        assertThat(formatter.append(timeWait, new StringBuilder())).hasToString(
                "0xffff8880aabbcc00      3     [<empty>(0)]              tcp_sendmsg netns=4026531840\n"
                        + "SOCK: skc_state=TIME_WAIT skc_reuseport=false skc_bound_ifindex=0 sk_backlog=0"
                        + " sk_rcv_buff=614849 sk_snd_buff=87040 sk_priority=6 sk_mark=0x0 sk_type=10\n");
    }

    @Test
    void sockFunctionEventIsNamedByItsFunctionAndShowsItsCallerAndStack() {
        SockEvent event = SockEvent.builder().timestampNs(START_NANOS).epochNanos(EPOCH_NANOS).cpu(1).pid(4242)
                .comm("curl").sock(0xffff8880aabbcc00L).function("tcp_close").netns(4026531840L).mark(0x2a)
                .tuple(tuple("10.0.0.1", "10.0.0.2", 46182, 443, Tuple.IPPROTO_TCP, 0, 0, 0, 0)).family("AF_INET")
                .type("STREAM").state("ESTABLISHED").rcvbuf(16384).sndbuf(32768).priority(5)
                .socketState("SS_CONNECTED").inode(4242)
                .stack(List.of(new StackFrame(1, "tcp_close+0x5"), new StackFrame(2, "inet_release+0x40"),
                        new StackFrame(3, "__sock_release+0x3d")))
                .build();
        assertThat(event.where()).isEqualTo("tcp_close");
        assertThat(event.caller()).isEqualTo("inet_release+0x40");
        assertThat(formatter(EnumSet.of(Output.SK, Output.STACK), TimestampMode.NONE)
                .append(event, new StringBuilder()))
                .hasToString("0xffff8880aabbcc00      1     [curl(4242)]                tcp_close"
                        + " 10.0.0.1:46182->10.0.0.2:443(tcp) caller=inet_release+0x40\n"
                        + "SOCK: skc_state=ESTABLISHED skc_reuseport=false skc_bound_ifindex=0 sk_backlog=0"
                        + " sk_rcv_buff=16384 sk_snd_buff=32768 sk_priority=5 sk_mark=0x2a sk_type=SOCK_STREAM\n"
                        + "SOCKET: socket_state=CONNECTED socket_file_inode=4242 socket_flags=0\n"
                        + "tcp_close+0x5\ninet_release+0x40\n__sock_release+0x3d\n");
        assertThat(formatter(EnumSet.of(Output.CALLER), TimestampMode.NONE).append(event, new StringBuilder()))
                .as("a stack recorded only for the caller is not printed")
                .hasToString("0xffff8880aabbcc00      1     [curl(4242)]                tcp_close"
                        + " 10.0.0.1:46182->10.0.0.2:443(tcp) caller=inet_release+0x40\n");
    }
}
