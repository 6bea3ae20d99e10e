package dev.vista.examples.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vista.event.DropReason;
import dev.vista.event.EventSource;
import dev.vista.event.LossEvent;
import dev.vista.event.NetfilterEvent;
import dev.vista.event.NetfilterFamily;
import dev.vista.event.NetfilterHook;
import dev.vista.event.NetfilterTable;
import dev.vista.event.NetfilterVerdict;
import dev.vista.event.NetfilterWay;
import dev.vista.event.SkTracepoint;
import dev.vista.event.SockEvent;
import dev.vista.event.StackFrame;
import dev.vista.event.TcpConnectionEvent;
import dev.vista.event.TcpDirection;
import dev.vista.event.TcpReset;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import dev.vista.event.Tuple;
import java.io.IOException;
import java.net.InetAddress;
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
        return new TraceEvent(1_000, 1_700_000_000_000_000_000L, 1, 4321, "socat \"x\"", EventSource.SKB_TRACEPOINT,
                0xffff8881032a4e00L, Tracepoint.KFREE_SKB, null, "udp_queue_rcv_one_skb+0x3c5", 4026532467L, 0x2a, 7,
                "veth0b", 33, 1500, 0x0800, 0,
                new Tuple(InetAddress.ofLiteral("10.201.0.1"), InetAddress.ofLiteral("10.201.0.2"), 40000, 9004,
                        Tuple.IPPROTO_UDP, 0, 0, 0, 0, 0),
                new DropReason(2, DropReason.NO_SOCKET),
                List.of(new StackFrame(0xffffffff81b1c2d0L, "kfree_skb_reason+0x94"),
                        new StackFrame(0xffffffff81c3a111L, "__udp4_lib_rcv+0x8d1")));
    }

    private static TraceEvent arp() {
        return new TraceEvent(0, 5, 0, 0, "swapper/0", EventSource.SKB_TRACEPOINT, 0x10L, Tracepoint.NETIF_RECEIVE_SKB,
                null, null, 1L, 0, 2, "eth0", 28, 1500, 0x0806, 1, null, null, List.of());
    }

    @Test
    void eachEventIsOneJsonObjectOnItsOwnLine() throws IOException {
        StringBuilder out = new StringBuilder();
        format.append(udpDrop(), out);
        format.append(arp(), out);

        String[] lines = out.toString().split("\n", -1);
        assertThat(lines).hasSize(3).endsWith("");
        assertThat(parse(lines[0])).containsEntry("kind", "skb").containsEntry("where", "kfree_skb").containsEntry("skb", "0xffff8881032a4e00")
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
        format.append(new TcpConnectionEvent(5, 6, 1, 77, "curl", 4026531840L, 0, 0xffff888100aa0000L, tuple,
                TcpDirection.CONNECTED, Duration.ofMillis(12), 1000, 200, 150, 2, "cubic", TcpReset.NONE, "FIN_WAIT2"),
                out);
        format.append(new SockEvent(7, 8, 0, 77, "curl", 0xffff888100aa0000L, SkTracepoint.INET_SOCK_SET_STATE,
                null, 4026531840L, 0, 0, tuple, "AF_INET", "STREAM", "SYN_SENT", "CLOSE", "SYN_SENT", 131072, 16384, 0,
                "SS_CONNECTING", 12345, List.of()), out);
        format.append(new SockEvent(9, 10, 0, 77, "curl", 0xffff888100aa0000L, null, "tcp_close", 4026531840L, 0x2a, 0,
                tuple, "AF_INET", "STREAM", "ESTABLISHED", null, null, 65536, 131072, 5, "SS_CONNECTED", 12345,
                List.of(new StackFrame(1, "tcp_close+0x5"), new StackFrame(2, "inet_release+0x40"))), out);

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
                .doesNotContainKeys("caller", "stack");
        assertThat(parse(lines[2])).containsEntry("kind", "sock").containsEntry("where", "tcp_close")
                .containsEntry("source", "sk_function").containsEntry("caller", "inet_release+0x40")
                .containsEntry("state", "ESTABLISHED").containsEntry("mark", 42L).containsEntry("priority", 5L)
                .containsEntry("stack", List.of("tcp_close+0x5", "inet_release+0x40")).doesNotContainKey("old_state");
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
                .verdict(NetfilterVerdict.DROP).tupleBefore(real).dropReason(new DropReason(12, DropReason.NETFILTER_DROP))
                .build(), out);

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
            default -> throw new AssertionError("unexpected " + json.currentToken());
        };
    }
}
