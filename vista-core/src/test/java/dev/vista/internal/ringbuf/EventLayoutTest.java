package dev.vista.internal.ringbuf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.EventSource;
import dev.vista.event.NetfilterVerdict;
import dev.vista.event.NetfilterWay;
import dev.vista.event.SkTracepoint;
import dev.vista.event.Tracepoint;
import dev.vista.internal.NativeHeaders;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Java's view of the BPF side's structs and enums matches vista-bpf's headers as gcc compiles them. */
class EventLayoutTest {
    @TempDir
    Path dir;

    private static final Map<String, Integer> EVENT = new LinkedHashMap<>();

    static {
        EVENT.put("vista_event.ts_ns", EventLayout.TS_NS);
        EVENT.put("vista_event.skb", EventLayout.SKB);
        EVENT.put("vista_event.location", EventLayout.LOCATION);
        EVENT.put("vista_event.pid", EventLayout.PID);
        EVENT.put("vista_event.cpu", EventLayout.CPU);
        EVENT.put("vista_event.where", EventLayout.WHERE);
        EVENT.put("vista_event.source", EventLayout.SOURCE);
        EVENT.put("vista_event.stack_depth", EventLayout.STACK_DEPTH);
        EVENT.put("vista_event.netns", EventLayout.NETNS);
        EVENT.put("vista_event.mark", EventLayout.MARK);
        EVENT.put("vista_event.ifindex", EventLayout.IFINDEX);
        EVENT.put("vista_event.len", EventLayout.LEN);
        EVENT.put("vista_event.mtu", EventLayout.MTU);
        EVENT.put("vista_event.drop_reason", EventLayout.DROP_REASON);
        EVENT.put("vista_event.protocol", EventLayout.PROTOCOL);
        EVENT.put("vista_event.pkt_type", EventLayout.PKT_TYPE);
        EVENT.put("vista_event.packet", EventLayout.PACKET);
        EVENT.put("vista_event.comm", EventLayout.COMM);
        EVENT.put("vista_event.ifname", EventLayout.IFNAME);
        EVENT.put("vista_event.tuple.saddr", EventLayout.TUPLE_SADDR);
        EVENT.put("vista_event.tuple.daddr", EventLayout.TUPLE_DADDR);
        EVENT.put("vista_event.tuple.sport", EventLayout.TUPLE_SPORT);
        EVENT.put("vista_event.tuple.dport", EventLayout.TUPLE_DPORT);
        EVENT.put("vista_event.tuple.l3", EventLayout.TUPLE_L3);
        EVENT.put("vista_event.tuple.l4proto", EventLayout.TUPLE_L4PROTO);
        EVENT.put("vista_event.tuple.tcp_flags", EventLayout.TUPLE_TCP_FLAGS);
        EVENT.put("vista_event.tuple.icmp_type", EventLayout.TUPLE_ICMP_TYPE);
        EVENT.put("vista_event.tuple.icmp_code", EventLayout.TUPLE_ICMP_CODE);
        EVENT.put("vista_event.tuple.icmp_id", EventLayout.TUPLE_ICMP_ID);
        EVENT.put("vista_event.tuple.icmp_seq", EventLayout.TUPLE_ICMP_SEQ);
        EVENT.put("vista_event.func_ip", EventLayout.FUNC_IP);
        EVENT.put("vista_event_with_stack.stack", EventLayout.STACK);
        EVENT.put("vista_struct_copies.skb_bytes", EventLayout.COPIES_SKB_BYTES);
        EVENT.put("vista_struct_copies.shinfo_bytes", EventLayout.COPIES_SHINFO_BYTES);
        EVENT.put("vista_tcp_event.tcp.lifetime_ns", TcpEventLayout.LIFETIME_NS);
        EVENT.put("vista_tcp_event.tcp.bytes_received", TcpEventLayout.BYTES_RECEIVED);
        EVENT.put("vista_tcp_event.tcp.bytes_sent", TcpEventLayout.BYTES_SENT);
        EVENT.put("vista_tcp_event.tcp.srtt_us", TcpEventLayout.SRTT_US);
        EVENT.put("vista_tcp_event.tcp.total_retrans", TcpEventLayout.TOTAL_RETRANS);
        EVENT.put("vista_tcp_event.tcp.direction", TcpEventLayout.DIRECTION);
        EVENT.put("vista_tcp_event.tcp.reset", TcpEventLayout.RESET);
        EVENT.put("vista_tcp_event.tcp.last_state", TcpEventLayout.LAST_STATE);
        EVENT.put("vista_tcp_event.tcp.congestion", TcpEventLayout.CONGESTION);
        EVENT.put("vista_sk_event.sk.inode", SkEventLayout.INODE);
        EVENT.put("vista_sk_event.sk.rcvbuf", SkEventLayout.RCVBUF);
        EVENT.put("vista_sk_event.sk.sndbuf", SkEventLayout.SNDBUF);
        EVENT.put("vista_sk_event.sk.priority", SkEventLayout.PRIORITY);
        EVENT.put("vista_sk_event.sk.type", SkEventLayout.TYPE);
        EVENT.put("vista_sk_event.sk.family", SkEventLayout.FAMILY);
        EVENT.put("vista_sk_event.sk.state", SkEventLayout.STATE);
        EVENT.put("vista_sk_event.sk.socket_state", SkEventLayout.SOCKET_STATE);
        EVENT.put("vista_sk_event.sk.old_state", SkEventLayout.OLD_STATE);
        EVENT.put("vista_sk_event.sk.new_state", SkEventLayout.NEW_STATE);
        EVENT.put("vista_sk_event.sk.reuseport", SkEventLayout.REUSEPORT);
        EVENT.put("vista_sk_event.sk.backlog", SkEventLayout.BACKLOG);
        EVENT.put("vista_sk_event.sk.socket_flags", SkEventLayout.SOCKET_FLAGS);
        EVENT.put("vista_sk_event_with_stack.stack", SkEventLayout.STACK);
        EVENT.put("vista_socket_event.socket.family", SocketEventLayout.FAMILY);
        EVENT.put("vista_socket_event.socket.type", SocketEventLayout.TYPE);
        EVENT.put("vista_socket_event.socket.call", SocketEventLayout.CALL);
        EVENT.put("vista_socket_event.socket.path", SocketEventLayout.PATH);
        EVENT.put("vista_nf_event.nf.cost_ns", NfEventLayout.COST_NS);
        EVENT.put("vista_nf_event.nf.tuple_before", NfEventLayout.TUPLE_BEFORE);
        EVENT.put("vista_nf_event.nf.table", NfEventLayout.TABLE);
        EVENT.put("vista_nf_event.nf.family", NfEventLayout.FAMILY);
        EVENT.put("vista_nf_event.nf.hook", NfEventLayout.HOOK);
        EVENT.put("vista_nf_event.nf.verdict", NfEventLayout.VERDICT);
        EVENT.put("vista_nf_event.nf.way", NfEventLayout.WAY);
        EVENT.put("vista_packet.caplen", EventLayout.PACKET_CAPLEN);
        EVENT.put("vista_packet.len", EventLayout.PACKET_LEN);
        EVENT.put("vista_loss_event.ts_ns", LossLayout.MARKER_TS_NS);
        EVENT.put("vista_loss_event.count", LossLayout.MARKER_COUNT);
        EVENT.put("vista_loss_event.sources", LossLayout.MARKER_SOURCES);
        EVENT.put("vista_loss_event.cpu", LossLayout.MARKER_CPU);
        EVENT.put("vista_loss_event.source", EventLayout.SOURCE);
        EVENT.put("vista_loss_counter.lost", LossLayout.COUNTER_LOST);
        EVENT.put("vista_loss_counter.reported", LossLayout.COUNTER_REPORTED);
        EVENT.put("vista_loss_counter.first_ns", LossLayout.COUNTER_FIRST_NS);
        EVENT.put("vista_loss_counter.sources", LossLayout.COUNTER_SOURCES);
    }

    @Test
    void offsetsAndSizesMatchTheHeader() throws Exception {
        NativeHeaders.copyBpfHeaders(dir);
        Map<String, Integer> expected = new LinkedHashMap<>(EVENT);
        StringBuilder c = new StringBuilder("""
                #include <stdio.h>
                #include <stddef.h>
                #include <linux/types.h>
                #include "vista_event.h"
                int main(void) {
                    printf("sizeof.vista_event=%zu\\n", sizeof(struct vista_event));
                    printf("sizeof.vista_struct_copies=%zu\\n", sizeof(struct vista_struct_copies));
                    printf("sizeof.vista_tcp_event=%zu\\n", sizeof(struct vista_tcp_event));
                    printf("source_tcp=%d\\n", VISTA_SOURCE_TCP_LIFETIME);
                    printf("sizeof.vista_socket_event=%zu\\n", sizeof(struct vista_socket_event));
                    printf("source_socket=%d\\n", VISTA_SOURCE_CGROUP_SOCKET);
                    printf("unix_path=%d\\n", VISTA_UNIX_PATH_LEN);
                    printf("sizeof.vista_sk_event=%zu\\n", sizeof(struct vista_sk_event));
                    printf("source_sk_tracepoint=%d\\n", VISTA_SOURCE_SK_TRACEPOINT);
                    printf("source_sk_function=%d\\n", VISTA_SOURCE_SK_FUNCTION);
                    printf("max_stack=%d\\n", VISTA_MAX_STACK_DEPTH);
                    printf("sizeof.vista_loss_event=%zu\\n", sizeof(struct vista_loss_event));
                    printf("sizeof.vista_loss_counter=%zu\\n", sizeof(struct vista_loss_counter));
                    printf("source_loss=%d\\n", VISTA_SOURCE_LOSS);
                    printf("sizeof.vista_nf_event=%zu\\n", sizeof(struct vista_nf_event));
                    printf("source_netfilter=%d\\n", VISTA_SOURCE_NETFILTER);
                    printf("nf_way_function=%d\\n", VISTA_NF_WAY_FUNCTION);
                    printf("nf_stop=%d\\n", VISTA_NF_STOP);
                    printf("sizeof.vista_packet=%zu\\n", sizeof(struct vista_packet));
                    printf("max_snaplen=%d\\n", VISTA_MAX_SNAPLEN);
                    printf("packet_mac=%d\\n", VISTA_PACKET_MAC);
                    printf("packet_network=%d\\n", VISTA_PACKET_NETWORK);
                """);
        for (String key : expected.keySet()) {
            int dot = key.indexOf('.');
            c.append("    printf(\"%s=%%zu\\n\", offsetof(struct %s, %s));\n"
                    .formatted(key, key.substring(0, dot), key.substring(dot + 1)));
        }
        c.append("    return 0;\n}\n");

        Map<String, Long> actual = NativeHeaders.run(dir, c.toString());

        assertThat(actual).containsEntry("sizeof.vista_event", (long) EventLayout.SIZE)
                .containsEntry("sizeof.vista_struct_copies", (long) EventLayout.COPIES_SIZE)
                .containsEntry("sizeof.vista_tcp_event", (long) TcpEventLayout.SIZE)
                .containsEntry("source_tcp", (long) RingEventView.SOURCE_TCP_LIFETIME)
                .containsEntry("sizeof.vista_socket_event", (long) SocketEventLayout.SIZE)
                .containsEntry("source_socket", (long) RingEventView.SOURCE_CGROUP_SOCKET)
                .containsEntry("unix_path", (long) SocketEventLayout.PATH_LEN)
                .containsEntry("sizeof.vista_sk_event", (long) SkEventLayout.SIZE)
                .containsEntry("source_sk_tracepoint", (long) RingEventView.SOURCE_SK_TRACEPOINT)
                .containsEntry("source_sk_function", (long) RingEventView.SOURCE_SK_FUNCTION)
                .containsEntry("max_stack", (long) EventLayout.MAX_STACK_DEPTH)
                .containsEntry("sizeof.vista_packet", (long) EventLayout.PACKET_HEADER_SIZE)
                .containsEntry("max_snaplen", (long) EventLayout.MAX_SNAPLEN)
                .containsEntry("packet_mac", (long) EventLayout.PACKET_FROM_MAC)
                .containsEntry("packet_network", (long) EventLayout.PACKET_FROM_NETWORK)
                .containsEntry("sizeof.vista_loss_event", (long) LossLayout.MARKER_SIZE)
                .containsEntry("sizeof.vista_loss_counter", (long) LossLayout.COUNTER_SIZE)
                .containsEntry("source_loss", (long) RingEventView.SOURCE_LOSS)
                .containsEntry("sizeof.vista_nf_event", (long) NfEventLayout.SIZE)
                .containsEntry("source_netfilter", (long) RingEventView.SOURCE_NETFILTER)
                .containsEntry("nf_way_function", (long) NetfilterWay.FUNCTION.ordinal() + 1)
                .containsEntry("nf_stop", (long) NetfilterVerdict.STOP.ordinal());
        expected.forEach((field, offset) -> assertThat(actual.get(field)).as(field).isEqualTo(offset.longValue()));
    }

    @Test
    void tracepointIdsMatchTheBpfEnum() throws Exception {
        String header = bpfHeader("vista_tracepoints.h");
        Matcher m = Pattern.compile("\\bVISTA_TP_(\\w+) = (\\d+)").matcher(header);
        int count = 0;
        while (m.find()) {
            assertThat(Tracepoint.valueOf(m.group(1)).ordinal()).as(m.group(1)).isEqualTo(Integer.parseInt(m.group(2)));
            count++;
        }
        assertThat(count).isEqualTo(Tracepoint.values().length);
    }

    @Test
    void eventSourcesMatchTheBpfEnum() throws Exception {
        String header = bpfHeader("vista_event.h");
        Matcher m = Pattern.compile("\\bVISTA_SOURCE_(\\w+) = (\\d+)").matcher(header);
        int count = 0;
        while (m.find()) {
            if (!m.group(1).equals("LOSS")) {
                assertThat(EventSource.ofId(Integer.parseInt(m.group(2)))).as(m.group(1))
                        .isEqualTo(EventSource.valueOf(m.group(1)));
                count++;
            }
        }
        assertThat(count).isEqualTo(EventSource.values().length);
    }

    @Test
    void sockTracepointIdsMatchTheBpfEnum() throws Exception {
        String header = bpfHeader("vista_tracepoints.h");
        Matcher m = Pattern.compile("VISTA_SK_TP_(\\w+) = (\\d+)").matcher(header);
        int count = 0;
        while (m.find()) {
            assertThat(SkTracepoint.valueOf(m.group(1)).ordinal()).as(m.group(1)).isEqualTo(Integer.parseInt(m.group(2)));
            count++;
        }
        assertThat(count).isEqualTo(SkTracepoint.values().length);
    }

    private String bpfHeader(String name) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/dev/vista/bpf/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
