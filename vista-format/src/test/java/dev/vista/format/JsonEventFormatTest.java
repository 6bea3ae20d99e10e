package dev.vista.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vista.event.DropReason;
import dev.vista.event.EventSource;
import dev.vista.event.KernelScalar;
import dev.vista.event.KernelStruct;
import dev.vista.event.LossEvent;
import dev.vista.event.NetfilterEvent;
import dev.vista.event.NetfilterFamily;
import dev.vista.event.NetfilterHook;
import dev.vista.event.NetfilterTable;
import dev.vista.event.NetfilterVerdict;
import dev.vista.event.NetfilterWay;
import dev.vista.event.PacketProgramType;
import dev.vista.event.ProgramPhase;
import dev.vista.event.SkTracepoint;
import dev.vista.event.SockEvent;
import dev.vista.event.StackFrame;
import dev.vista.event.TcpConnectionEvent;
import dev.vista.event.TcpDirection;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import dev.vista.event.Tuple;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonEventFormatTest {
    private final JsonEventFormat format = new JsonEventFormat();

    private static TraceEvent udpDrop() {
        return TraceEvent.builder().timestampNs(1_000).epochNanos(1_700_000_000_000_000_000L).cpu(1).pid(4321)
                .comm("socat \"x\"").source(EventSource.SKB_TRACEPOINT).skb(0xffff8881032a4e00L)
                .tracepoint(Tracepoint.KFREE_SKB).location("udp_queue_rcv_one_skb+0x3c5").netns(4026532467L)
                .mark(0x2a).ifindex(7).ifname("veth0b").len(33).mtu(1500).protocol(0x0800)
                .tuple(new Tuple(InetAddress.ofLiteral("10.201.0.1"), InetAddress.ofLiteral("10.201.0.2"), 40000, 9004,
                        Tuple.IPPROTO_UDP, 0, 0, 0, 0, 0))
                .dropReason(new DropReason(2, DropReason.NO_SOCKET))
                .stack(List.of(new StackFrame(0xffffffff81b1c2d0L, "kfree_skb_reason+0x94"),
                        new StackFrame(0xffffffff81c3a111L, "__udp4_lib_rcv+0x8d1")))
                .build();
    }

    private static TraceEvent arp() {
        return TraceEvent.builder().epochNanos(5).comm("swapper/0").source(EventSource.SKB_TRACEPOINT).skb(0x10L)
                .tracepoint(Tracepoint.NETIF_RECEIVE_SKB).netns(1L).ifindex(2).ifname("eth0").len(28).mtu(1500)
                .protocol(0x0806).pktType(1).build();
    }

    @Test
    void eachEventIsOneJsonObjectOnItsOwnLine() throws IOException {
        StringBuilder out = new StringBuilder();
        format.append(udpDrop(), out);
        format.append(arp(), out);

        String[] lines = out.toString().split("\n", -1);
        assertThat(lines).hasSize(3).endsWith("");
        assertThat(parse(lines[0])).containsEntry("kind", "skb").containsEntry("where", "kfree_skb")
                .containsEntry("skb", "0xffff8881032a4e00")
                .containsEntry("pid", 4321L).containsEntry("comm", "socat \"x\"").containsEntry("cpu", 1L)
                .containsEntry("drop_reason", "NO_SOCKET").containsEntry("location", "udp_queue_rcv_one_skb+0x3c5")
                .containsEntry("netns", 4026532467L).containsEntry("mark", 42L).containsEntry("ifindex", 7L)
                .containsEntry("ifname", "veth0b").containsEntry("protocol", 2048L).containsEntry("len", 33L)
                .containsEntry("epoch_ns", 1_700_000_000_000_000_000L)
                .containsEntry("tuple", Map.of("saddr", "10.201.0.1", "daddr", "10.201.0.2", "proto", "udp",
                        "sport", 40000L, "dport", 9004L))
                .containsEntry("stack", List.of("kfree_skb_reason+0x94", "__udp4_lib_rcv+0x8d1"));
        assertThat(parse(lines[1])).containsEntry("where", "netif_receive_skb").containsEntry("protocol", 2054L)
                .containsEntry("skb", "0x10").containsEntry("source", "skb_tracepoint")
                .doesNotContainKeys("tuple", "drop_reason", "location", "caller", "stack");
    }

    @Test
    void tcpConnectionsAndSocketsAreTheirOwnKinds() throws IOException {
        Tuple tuple = new Tuple(InetAddress.ofLiteral("10.0.0.1"), InetAddress.ofLiteral("10.0.0.2"), 40000, 443,
                Tuple.IPPROTO_TCP, 0, 0, 0, 0, 0);
        StringBuilder out = new StringBuilder();
        format.append(TcpConnectionEvent.builder().timestampNs(5).epochNanos(6).cpu(1).pid(77).comm("curl")
                .netns(4026531840L).sock(0xffff888100aa0000L).tuple(tuple).direction(TcpDirection.CONNECTED)
                .lifetime(Duration.ofMillis(12)).bytesReceived(1000).bytesSent(200).srttMicros(150).retransmits(2)
                .congestion("cubic").lastState("FIN_WAIT2").build(),
                out);
        format.append(SockEvent.builder().timestampNs(7).epochNanos(8).pid(77).comm("curl")
                .sock(0xffff888100aa0000L).tracepoint(SkTracepoint.INET_SOCK_SET_STATE).netns(4026531840L)
                .tuple(tuple).family("AF_INET").type("STREAM").state("SYN_SENT").oldState("CLOSE")
                .newState("SYN_SENT").rcvbuf(131072).sndbuf(16384).socketState("SS_CONNECTING").inode(12345).build(),
                out);
        format.append(SockEvent.builder().timestampNs(9).epochNanos(10).pid(77).comm("curl")
                .sock(0xffff888100aa0000L).function("tcp_close").netns(4026531840L).mark(0x2a).tuple(tuple)
                .family("AF_INET").type("STREAM").state("ESTABLISHED").rcvbuf(65536).sndbuf(131072).priority(5)
                .reusePort(true).backlog(1448).socketState("SS_CONNECTED").socketFlags(32).inode(12345)
                .stack(List.of(new StackFrame(1, "tcp_close+0x5"), new StackFrame(2, "inet_release+0x40"))).build(),
                out);

        String[] lines = out.toString().split("\n");
        assertThat(parse(lines[0])).containsEntry("kind", "tcp_connection").containsEntry("sock", "0xffff888100aa0000")
                .containsEntry("direction", "connected").containsEntry("lifetime_ns", 12_000_000L)
                .containsEntry("bytes_received", 1000L).containsEntry("bytes_sent", 200L).containsEntry("srtt_us", 150L)
                .containsEntry("retransmits", 2L).containsEntry("congestion", "cubic").containsEntry("reset", "none")
                .containsEntry("last_state", "FIN_WAIT2").containsKey("tuple");
        assertThat(parse(lines[1])).containsEntry("kind", "sock").containsEntry("where", "inet_sock_set_state")
                .containsEntry("old_state", "CLOSE").containsEntry("new_state", "SYN_SENT")
                .containsEntry("socket_state", "SS_CONNECTING").containsEntry("inode", 12345L)
                .containsEntry("rcvbuf", 131072L).containsEntry("source", "sk_tracepoint")
                .containsEntry("reuseport", false).containsEntry("backlog", 0L).containsEntry("socket_flags", 0L)
                .doesNotContainKeys("caller", "stack");
        assertThat(parse(lines[2])).containsEntry("kind", "sock").containsEntry("where", "tcp_close")
                .containsEntry("source", "sk_function").containsEntry("caller", "inet_release+0x40")
                .containsEntry("state", "ESTABLISHED").containsEntry("mark", 42L).containsEntry("priority", 5L)
                .containsEntry("reuseport", true).containsEntry("backlog", 1448L).containsEntry("socket_flags", 32L)
                .containsEntry("stack", List.of("tcp_close+0x5", "inet_release+0x40")).doesNotContainKey("old_state");
    }

    @Test
    void anArpTablesVerdictCarriesItsFamilyAndArpHook() throws IOException {
        StringBuilder out = new StringBuilder();
        format.append(NetfilterEvent.builder().comm("ping").skb(0xffff888104b3e200L).protocol(0x0806)
                .way(NetfilterWay.FUNCTION).table(new NetfilterTable(NetfilterFamily.ARP, NetfilterHook.INPUT, 0,
                        "vista16a", "in")).verdict(NetfilterVerdict.DROP).build(), out);

        assertThat(parse(out.toString().strip())).containsEntry("pf", "PF_ARP").containsEntry("hook", "INPUT")
                .containsEntry("table", "vista16a").containsEntry("chain", "in").containsEntry("verdict", "DROP")
                .containsEntry("way", "function").doesNotContainKey("tuple");
    }

    @Test
    void aNetfilterVerdictIsItsOwnKindWithTheTupleBeforeWhenTheTableChangedIt() throws IOException {
        Tuple published = new Tuple(InetAddress.ofLiteral("10.0.0.1"), InetAddress.ofLiteral("10.0.0.2"), 40000, 6668,
                Tuple.IPPROTO_UDP, 0, 0, 0, 0, 0);
        Tuple real = new Tuple(InetAddress.ofLiteral("10.0.0.1"), InetAddress.ofLiteral("10.9.9.9"), 40000, 6669,
                Tuple.IPPROTO_UDP, 0, 0, 0, 0, 0);
        NetfilterEvent.Builder event = NetfilterEvent.builder().timestampNs(5).epochNanos(6).cpu(1).comm("swapper/1")
                .skb(0xffff888104b3e200L).netns(4026532467L).ifindex(2).ifname("veth0b").len(29).protocol(0x0800)
                .way(NetfilterWay.NETFILTER_LINK).tuple(real).tupleBefore(published).costNanos(1500);
        StringBuilder out = new StringBuilder();
        format.append(event.table(new NetfilterTable(NetfilterFamily.IPV4, NetfilterHook.PREROUTING, -100, "nat",
                "PREROUTING")).verdict(NetfilterVerdict.ACCEPT).build(), out);
        format.append(event.table(new NetfilterTable(NetfilterFamily.IPV6, NetfilterHook.INPUT, 0, "filter", null))
                .verdict(NetfilterVerdict.DROP).tupleBefore(real)
                .dropReason(new DropReason(12, DropReason.NETFILTER_DROP)).build(), out);

        String[] lines = out.toString().split("\n");
        assertThat(parse(lines[0])).containsEntry("kind", "netfilter").containsEntry("pf", "PF_INET")
                .containsEntry("table", "nat").containsEntry("chain", "PREROUTING").containsEntry("hook", "PREROUTING")
                .containsEntry("priority", -100L).containsEntry("verdict", "ACCEPT").containsEntry("cost_ns", 1500L)
                .containsEntry("way", "netfilter_link").containsEntry("skb", "0xffff888104b3e200")
                .containsEntry("tuple", Map.of("saddr", "10.0.0.1", "daddr", "10.9.9.9", "proto", "udp",
                        "sport", 40000L, "dport", 6669L))
                .containsEntry("tuple_before", Map.of("saddr", "10.0.0.1", "daddr", "10.0.0.2", "proto", "udp",
                        "sport", 40000L, "dport", 6668L))
                .doesNotContainKey("drop_reason");
        assertThat(parse(lines[1])).containsEntry("pf", "PF_INET6").containsEntry("verdict", "DROP")
                .containsEntry("drop_reason", "NETFILTER_DROP").doesNotContainKeys("chain", "tuple_before");
    }

    @Test
    void aLossMarkerIsItsOwnKind() throws IOException {
        StringBuilder out = new StringBuilder();
        format.append(new LossEvent(99, 1, 1234, Set.of(EventSource.SKB_TRACEPOINT)), out);

        assertThat(parse(out.toString().strip())).containsEntry("kind", "loss").containsEntry("cpu", 1L)
                .containsEntry("lost", 1234L).containsEntry("time_ns", 99L)
                .containsEntry("sources", List.of("skb_tracepoint"));
    }

    @Test
    void theSkbStructsAreNestedObjectsThatJqReads() throws Exception {
        StringBuilder out = new StringBuilder();
        KernelStruct sharedInfo = new KernelStruct("struct skb_shared_info",
                List.of(new KernelStruct.Member("nr_frags",
                        new KernelScalar("__u8", KernelScalar.Kind.UNSIGNED, 2, "2"))));
        format.append(arp().toBuilder().skbStruct(KernelStructs.skb()).sharedInfo(sharedInfo).build(), out);

        assertThat(jq("-c", "[.sk_buff, .skb_shared_info]", out.toString())).isEqualTo(
                "[{\"dev\":\"0xffff888012345600\",\"dev_scratch\":\"18446612682375452160\",\"len\":98,\"pkt_type\":3,"
                        + "\"cb\":\"a\",\"state\":\"SKB_NONE\",\"headers\":{\"protocol\":8}},{\"nr_frags\":2}]\n");
        // Numbers beyond 2^53 are strings: jq would round them as doubles.
        assertThat(jq("-r", ".sk_buff.dev_scratch", out.toString())).isEqualTo("18446612682375452160\n");
    }

    @Test
    void aProgramsEventSaysWhichProgramAndAtTheExitItsVerdictAndDuration() throws IOException {
        StringBuilder out = new StringBuilder();
        format.append(ProgramLinesTest.programEvent(PacketProgramType.XDP, "xdp_drop_udp", ProgramPhase.EXIT, 1, 900),
                out);
        format.append(ProgramLinesTest.programEvent(PacketProgramType.TC, "drop_icmp", ProgramPhase.ENTRY, 0, 0), out);

        String[] lines = out.toString().split("\n");
        assertThat(parse(lines[0])).containsEntry("where", "xdp_drop_udp(xdp)").containsEntry("source", "xdp_program")
                .containsEntry("program", Map.of("id", 42L, "name", "xdp_drop_udp", "type", "xdp", "phase", "exit",
                        "verdict", "XDP_DROP", "return_value", 1L, "duration_ns", 900L));
        assertThat(parse(lines[1])).containsEntry("where", "drop_icmp(tc)").containsEntry("source", "tc_program")
                .containsEntry("program", Map.of("id", 42L, "name", "drop_icmp", "type", "tc", "phase", "entry"));
    }

    /** Runs jq on the JSON text; jq's output. */
    private static String jq(String option, String filter, String input) throws Exception {
        Process jq = new ProcessBuilder("jq", option, filter).redirectErrorStream(true).start();
        try (var stdin = jq.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(jq.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jq.waitFor()).as("jq exit status, output: %s", output).isZero();
        return output;
    }

    @Test
    void hasNoHeader() {
        assertThat(format.appendHeader(new StringBuilder())).isEmpty();
    }

    /** A JSON text into maps, lists, strings and longs; fails on anything that is not one whole object. */
    private static Map<String, Object> parse(String line) throws IOException {
        try (JsonParser json = new JsonFactory().createParser(line)) {
            assertThat(json.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            Map<String, Object> object = readObject(json);
            assertThat(json.nextToken()).isNull();
            return object;
        }
    }

    private static Map<String, Object> readObject(JsonParser json) throws IOException {
        Map<String, Object> object = new LinkedHashMap<>();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            json.nextToken();
            object.put(name, readValue(json));
        }
        return object;
    }

    private static Object readValue(JsonParser json) throws IOException {
        return switch (json.currentToken()) {
            case START_OBJECT -> readObject(json);
            case START_ARRAY -> {
                List<Object> values = new ArrayList<>();
                while (json.nextToken() != JsonToken.END_ARRAY) {
                    values.add(readValue(json));
                }
                yield values;
            }
            case VALUE_NUMBER_INT -> json.getLongValue();
            case VALUE_STRING -> json.getText();
            case VALUE_TRUE, VALUE_FALSE -> json.getBooleanValue();
            default -> throw new AssertionError("unexpected " + json.currentToken());
        };
    }
}
