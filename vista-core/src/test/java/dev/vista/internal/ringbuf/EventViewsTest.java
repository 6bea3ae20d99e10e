package dev.vista.internal.ringbuf;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.DropReason;
import dev.vista.event.EventSource;
import dev.vista.event.NetfilterFamily;
import dev.vista.event.NetfilterHook;
import dev.vista.event.NetfilterTable;
import dev.vista.event.NetfilterVerdict;
import dev.vista.event.NetfilterWay;
import dev.vista.event.SkTracepoint;
import dev.vista.event.SkbEventView;
import dev.vista.event.SockEventView;
import dev.vista.event.TcpConnectionView;
import dev.vista.event.TcpDirection;
import dev.vista.event.TcpReset;
import dev.vista.event.Tracepoint;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every field of a record reads back through the public views, from a record written as the BPF side writes it. */
class EventViewsTest {
    private static final DropReason NO_SOCKET = new DropReason(2, DropReason.NO_SOCKET);
    private static final KernelNames NAMES = new KernelNames() {
        @Override
        public String functionName(RingEventView view) {
            return view.funcIp() == 0 ? null : "ip_rcv";
        }

        @Override
        public DropReason dropReason(int value) {
            return value == NO_SOCKET.value() ? NO_SOCKET : null;
        }
    };

    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void closeArena() {
        arena.close();
    }

    /** A header with every field set (IPv4 UDP 10.1.2.3:5353 -> 192.168.7.9:53), room for {@code size} bytes. */
    private MemorySegment record(int size, int source, int where, String from, String to)
            throws Exception {
        MemorySegment rec = arena.allocate(size, Long.BYTES);
        rec.set(JAVA_LONG_UNALIGNED, EventLayout.TS_NS, 123_456_789L);
        rec.set(JAVA_LONG_UNALIGNED, EventLayout.SKB, 0xffff888012345600L);
        rec.set(JAVA_LONG_UNALIGNED, EventLayout.LOCATION, 0xffffffff81234567L);
        rec.set(JAVA_INT_UNALIGNED, EventLayout.PID, 4242);
        rec.set(JAVA_INT_UNALIGNED, EventLayout.CPU, 1);
        rec.set(JAVA_SHORT_UNALIGNED, EventLayout.WHERE, (short) where);
        rec.set(JAVA_BYTE, EventLayout.SOURCE, (byte) source);
        rec.set(JAVA_INT_UNALIGNED, EventLayout.NETNS, (int) 4026531840L);
        rec.set(JAVA_INT_UNALIGNED, EventLayout.MARK, 0xfeedbeef);
        rec.set(JAVA_INT_UNALIGNED, EventLayout.IFINDEX, 7);
        rec.set(JAVA_INT_UNALIGNED, EventLayout.LEN, 1514);
        rec.set(JAVA_INT_UNALIGNED, EventLayout.MTU, 1500);
        rec.set(JAVA_INT_UNALIGNED, EventLayout.DROP_REASON, 2);
        rec.set(JAVA_SHORT_UNALIGNED, EventLayout.PROTOCOL, (short) 0x0800);
        rec.set(JAVA_BYTE, EventLayout.PKT_TYPE, (byte) 3);
        text(rec, EventLayout.COMM, "dnsmasq");
        text(rec, EventLayout.IFNAME, "veth0b");
        byte[] src = InetAddress.getByName(from).getAddress();
        byte[] dst = InetAddress.getByName(to).getAddress();
        MemorySegment.copy(src, 0, rec, JAVA_BYTE, EventLayout.TUPLE_SADDR, src.length);
        MemorySegment.copy(dst, 0, rec, JAVA_BYTE, EventLayout.TUPLE_DADDR, dst.length);
        rec.set(JAVA_SHORT_UNALIGNED, EventLayout.TUPLE_SPORT, (short) 5353);
        rec.set(JAVA_SHORT_UNALIGNED, EventLayout.TUPLE_DPORT, (short) 53);
        rec.set(JAVA_BYTE, EventLayout.TUPLE_L3, (byte) (src.length == 4 ? 4 : 6));
        rec.set(JAVA_BYTE, EventLayout.TUPLE_L4PROTO, (byte) 17);
        rec.set(JAVA_BYTE, EventLayout.TUPLE_TCP_FLAGS, (byte) 0x12);
        rec.set(JAVA_BYTE, EventLayout.TUPLE_ICMP_TYPE, (byte) 8);
        rec.set(JAVA_BYTE, EventLayout.TUPLE_ICMP_CODE, (byte) 1);
        rec.set(JAVA_SHORT_UNALIGNED, EventLayout.TUPLE_ICMP_ID, (short) 0x4711);
        rec.set(JAVA_SHORT_UNALIGNED, EventLayout.TUPLE_ICMP_SEQ, (short) 9);
        return rec;
    }

    private static void text(MemorySegment rec, int field, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(bytes, 0, rec, JAVA_BYTE, field, bytes.length);
    }

    private static RingEventView wrap(MemorySegment rec) {
        return new RingEventView(NAMES).wrap(rec, 0, (int) rec.byteSize());
    }

    @Test
    void aPacketViewReadsEveryFieldOfTheRecord() throws Exception {
        MemorySegment rec = record(EventLayout.STACK + 2 * Long.BYTES, RingEventView.SOURCE_SKB_TRACEPOINT,
                Tracepoint.KFREE_SKB.ordinal(), "10.1.2.3", "192.168.7.9");
        rec.set(JAVA_BYTE, EventLayout.STACK_DEPTH, (byte) 2);
        rec.set(JAVA_LONG_UNALIGNED, EventLayout.STACK, 0xa1);
        rec.set(JAVA_LONG_UNALIGNED, EventLayout.STACK + Long.BYTES, 0xa2);
        SkbEventView view = wrap(rec);

        assertThat(view.timestampNs()).isEqualTo(123_456_789L);
        assertThat(view.cpu()).isEqualTo(1);
        assertThat(view.pid()).isEqualTo(4242);
        assertThat(view.source()).isEqualTo(EventSource.SKB_TRACEPOINT);
        assertThat(view.skb()).isEqualTo(0xffff888012345600L);
        assertThat(view.tracepoint()).isEqualTo(Tracepoint.KFREE_SKB);
        assertThat(view.functionAddress()).isZero();
        assertThat(view.functionName()).isNull();
        assertThat(view.location()).isEqualTo(0xffffffff81234567L);
        assertThat(view.netns()).isEqualTo(4026531840L);
        assertThat(view.mark()).isEqualTo(0xfeedbeefL);
        assertThat(view.ifindex()).isEqualTo(7);
        assertThat(view.len()).isEqualTo(1514);
        assertThat(view.mtu()).isEqualTo(1500);
        assertThat(view.protocol()).isEqualTo(0x0800);
        assertThat(view.pktType()).isEqualTo(3);
        assertThat(view.dropReasonValue()).isEqualTo(2);
        assertThat(view.dropReason()).isSameAs(NO_SOCKET);
        assertThat(view.ipVersion()).isEqualTo(4);
        assertThat(view.l4Protocol()).isEqualTo(17);
        assertThat(view.sourceIpv4()).isEqualTo(0x0a010203);
        assertThat(view.destinationIpv4()).isEqualTo(0xc0a80709);
        assertThat(view.sourcePort()).isEqualTo(5353);
        assertThat(view.destinationPort()).isEqualTo(53);
        assertThat(view.tcpFlags()).isEqualTo(0x12);
        assertThat(view.icmpType()).isEqualTo(8);
        assertThat(view.icmpCode()).isEqualTo(1);
        assertThat(view.icmpId()).isEqualTo(0x4711);
        assertThat(view.icmpSequence()).isEqualTo(9);
        assertThat(view.stackDepth()).isEqualTo(2);
        assertThat(view.stackAddress(1)).isEqualTo(0xa2);

        byte[] buffer = new byte[20];
        assertThat(view.copySourceAddress(buffer, 1)).isEqualTo(4);
        assertThat(view.copyDestinationAddress(buffer, 5)).isEqualTo(4);
        assertThat(Arrays.copyOfRange(buffer, 1, 9)).containsExactly(10, 1, 2, 3, 192, 168, 7, 9);
        assertThat(view.commEquals("dnsmasq")).isTrue();
        assertThat(view.commEquals("dnsmas")).as("a prefix").isFalse();
        assertThat(view.commEquals("dnsmasq2")).isFalse();
        assertThat(view.copyComm(buffer, 0)).isEqualTo(7);
        assertThat(new String(buffer, 0, 7, StandardCharsets.US_ASCII)).isEqualTo("dnsmasq");
        assertThat(view.ifnameEquals(new StringBuilder("veth0b"))).isTrue();
        assertThat(view.ifnameEquals("veth0a")).isFalse();
        assertThat(view.copyIfname(buffer, 2)).isEqualTo(6);
        assertThat(new String(buffer, 2, 6, StandardCharsets.US_ASCII)).isEqualTo("veth0b");
    }

    @Test
    void aFunctionEventNamesItsFunctionAndHasNoTracepointNorDropReason() throws Exception {
        MemorySegment rec = record(EventLayout.SIZE, RingEventView.SOURCE_SKB_FUNCTION, 0, "fd00::1", "fd00::2");
        rec.set(JAVA_LONG_UNALIGNED, EventLayout.FUNC_IP, 0xffffffff81a00000L);
        SkbEventView view = wrap(rec);

        assertThat(view.source()).isEqualTo(EventSource.SKB_FUNCTION);
        assertThat(view.tracepoint()).isNull();
        assertThat(view.functionAddress()).isEqualTo(0xffffffff81a00000L);
        assertThat(view.functionName()).isEqualTo("ip_rcv");
        assertThat(view.dropReason()).isNull();
        assertThat(view.ipVersion()).isEqualTo(6);
        byte[] address = new byte[16];
        assertThat(view.copyDestinationAddress(address, 0)).isEqualTo(16);
        assertThat(address).isEqualTo(InetAddress.getByName("fd00::2").getAddress());
    }

    @Test
    void aNameWithCharactersBeyondAsciiIsComparedAsTheKernelWroteIt() throws Exception {
        MemorySegment rec = record(EventLayout.SIZE, RingEventView.SOURCE_SKB_TRACEPOINT, 0, "10.0.0.1", "10.0.0.2");
        rec.asSlice(EventLayout.COMM, EventLayout.COMM_LEN).fill((byte) 0);
        text(rec, EventLayout.COMM, "größe");
        SkbEventView view = wrap(rec);

        assertThat(view.commEquals("größe")).isTrue();
        assertThat(view.commEquals("große")).isFalse();
    }

    @Test
    void aSockViewReadsTheSockFieldsAndTheHeader() throws Exception {
        MemorySegment rec = record(SkEventLayout.STACK + Long.BYTES, RingEventView.SOURCE_SK_TRACEPOINT,
                SkTracepoint.INET_SOCK_SET_STATE.ordinal(), "10.1.2.3", "192.168.7.9");
        rec.set(JAVA_LONG_UNALIGNED, SkEventLayout.INODE, 98765);
        rec.set(JAVA_INT_UNALIGNED, SkEventLayout.RCVBUF, 65536);
        rec.set(JAVA_INT_UNALIGNED, SkEventLayout.SNDBUF, 131072);
        rec.set(JAVA_INT_UNALIGNED, SkEventLayout.PRIORITY, 6);
        rec.set(JAVA_SHORT_UNALIGNED, SkEventLayout.TYPE, (short) 1);
        rec.set(JAVA_BYTE, SkEventLayout.FAMILY, (byte) 2);
        rec.set(JAVA_BYTE, SkEventLayout.STATE, (byte) 2);
        rec.set(JAVA_BYTE, SkEventLayout.SOCKET_STATE, (byte) 2);
        rec.set(JAVA_BYTE, SkEventLayout.OLD_STATE, (byte) 2);
        rec.set(JAVA_BYTE, SkEventLayout.NEW_STATE, (byte) 1);
        rec.set(JAVA_BYTE, SkEventLayout.REUSEPORT, (byte) 1);
        rec.set(JAVA_INT_UNALIGNED, SkEventLayout.BACKLOG, 0xfffffff0); // u32: above Integer.MAX_VALUE
        rec.set(JAVA_LONG_UNALIGNED, SkEventLayout.SOCKET_FLAGS, 32);
        rec.set(JAVA_BYTE, EventLayout.STACK_DEPTH, (byte) 1);
        rec.set(JAVA_LONG_UNALIGNED, SkEventLayout.STACK, 0xb1);
        SockEventView sock = new RingSkEventView(wrap(rec));

        assertThat(sock.sock()).isEqualTo(0xffff888012345600L);
        assertThat(sock.tracepoint()).isEqualTo(SkTracepoint.INET_SOCK_SET_STATE);
        assertThat(sock.functionAddress()).isZero();
        assertThat(sock.functionName()).isNull();
        assertThat(sock.boundIfindex()).isEqualTo(7);
        assertThat(sock.family()).isEqualTo(2);
        assertThat(sock.type()).isEqualTo(1);
        assertThat(sock.state()).isEqualTo(2);
        assertThat(sock.oldState()).isEqualTo(2);
        assertThat(sock.newState()).isEqualTo(1);
        assertThat(sock.rcvbuf()).isEqualTo(65536);
        assertThat(sock.sndbuf()).isEqualTo(131072);
        assertThat(sock.priority()).isEqualTo(6);
        assertThat(sock.socketState()).isEqualTo(2);
        assertThat(sock.inode()).isEqualTo(98765);
        assertThat(sock.reusePort()).isTrue();
        assertThat(sock.backlog()).isEqualTo(0xfffffff0L);
        assertThat(sock.socketFlags()).isEqualTo(32);
        assertThat(sock.stackDepth()).isEqualTo(1);
        assertThat(sock.stackAddress(0)).isEqualTo(0xb1);
        assertThat(sock.header().pid()).isEqualTo(4242);
        assertThat(sock.header().destinationIpv4()).isEqualTo(0xc0a80709);
        assertThat(sock.header().destinationPort()).isEqualTo(53);
        assertThat(sock.header().commEquals("dnsmasq")).isTrue();
    }

    @Test
    void aTcpConnectionViewReadsTheCountersAndTheHeader() throws Exception {
        MemorySegment rec = record(TcpEventLayout.SIZE, RingEventView.SOURCE_TCP_LIFETIME, 0, "10.1.2.3",
                "192.168.7.9");
        rec.set(JAVA_LONG_UNALIGNED, TcpEventLayout.LIFETIME_NS, 5_000_000L);
        rec.set(JAVA_LONG_UNALIGNED, TcpEventLayout.BYTES_RECEIVED, 1000);
        rec.set(JAVA_LONG_UNALIGNED, TcpEventLayout.BYTES_SENT, 2000);
        rec.set(JAVA_INT_UNALIGNED, TcpEventLayout.SRTT_US, 150);
        rec.set(JAVA_INT_UNALIGNED, TcpEventLayout.TOTAL_RETRANS, 3);
        rec.set(JAVA_BYTE, TcpEventLayout.DIRECTION, (byte) 2);
        rec.set(JAVA_BYTE, TcpEventLayout.RESET, (byte) 1);
        rec.set(JAVA_BYTE, TcpEventLayout.LAST_STATE, (byte) 9);
        text(rec, TcpEventLayout.CONGESTION, "cubic");
        TcpConnectionView tcp = new RingTcpEventView(wrap(rec));

        assertThat(tcp.sock()).isEqualTo(0xffff888012345600L);
        assertThat(tcp.direction()).isEqualTo(TcpDirection.ACCEPTED);
        assertThat(tcp.lifetimeNs()).isEqualTo(5_000_000L);
        assertThat(tcp.bytesReceived()).isEqualTo(1000);
        assertThat(tcp.bytesSent()).isEqualTo(2000);
        assertThat(tcp.srttMicros()).isEqualTo(150);
        assertThat(tcp.retransmits()).isEqualTo(3);
        assertThat(tcp.reset()).isEqualTo(TcpReset.SENT);
        assertThat(tcp.lastState()).isEqualTo(9);
        assertThat(tcp.congestionEquals("cubic")).isTrue();
        assertThat(tcp.congestionEquals("bbr")).isFalse();
        byte[] name = new byte[16];
        assertThat(tcp.copyCongestion(name, 0)).isEqualTo(5);
        assertThat(tcp.header().sourceIpv4()).isEqualTo(0x0a010203);
        assertThat(tcp.header().sourcePort()).isEqualTo(5353);
        assertThat(tcp.header().timestampNs()).isEqualTo(123_456_789L);
    }

    @Test
    void aNetfilterViewReadsTheVerdictTheTableAndTheTupleBefore() throws Exception {
        MemorySegment rec = record(NfEventLayout.SIZE, RingEventView.SOURCE_NETFILTER, 0, "10.1.2.3", "10.9.9.9");
        rec.set(JAVA_LONG_UNALIGNED, NfEventLayout.COST_NS, 5_900L);
        MemorySegment.copy(rec, EventLayout.TUPLE, rec, NfEventLayout.TUPLE_BEFORE, EventLayout.TUPLE_LEN);
        byte[] published = InetAddress.getByName("192.168.7.9").getAddress();
        MemorySegment.copy(published, 0, rec, JAVA_BYTE, NfEventLayout.TUPLE_BEFORE + 16, published.length);
        rec.set(JAVA_SHORT_UNALIGNED, NfEventLayout.TUPLE_BEFORE + 34, (short) 8053);
        rec.set(JAVA_SHORT_UNALIGNED, NfEventLayout.TABLE, (short) 1);
        rec.set(JAVA_BYTE, NfEventLayout.FAMILY, (byte) 2);
        rec.set(JAVA_BYTE, NfEventLayout.HOOK, (byte) 0);
        rec.set(JAVA_BYTE, NfEventLayout.VERDICT, (byte) 1);
        rec.set(JAVA_BYTE, NfEventLayout.WAY, (byte) 1);
        NetfilterTable nat = new NetfilterTable(NetfilterFamily.IPV4, NetfilterHook.PREROUTING, -100, "nat", null);
        KernelNames tables = new KernelNames() {
            @Override
            public String functionName(RingEventView view) {
                return null;
            }

            @Override
            public DropReason dropReason(int value) {
                return NO_SOCKET;
            }

            @Override
            public NetfilterTable netfilterTable(int index) {
                return index == 1 ? nat : null;
            }
        };
        RingNfEventView nf = new RingNfEventView(new RingEventView(tables).wrap(rec, 0, (int) rec.byteSize()));

        assertThat(nf.complete()).isTrue();
        assertThat(nf.table()).isSameAs(nat);
        assertThat(nf.verdict()).isEqualTo(NetfilterVerdict.ACCEPT);
        assertThat(nf.way()).isEqualTo(NetfilterWay.NETFILTER_LINK);
        assertThat(nf.costNanos()).isEqualTo(5_900L);
        assertThat(nf.destinationPortBefore()).isEqualTo(8053);
        assertThat(nf.sourcePortBefore()).isEqualTo(5353);
        byte[] address = new byte[16];
        assertThat(nf.copyDestinationAddressBefore(address, 0)).isEqualTo(4);
        assertThat(Arrays.copyOf(address, 4)).isEqualTo(published);
        assertThat(nf.header().destinationIpv4()).isEqualTo(0x0a090909);
        assertThat(nf.header().destinationPort()).isEqualTo(53);
        assertThat(new RingNfEventView(wrap(rec.asSlice(0, NfEventLayout.SIZE - 1))).complete()).isFalse();
    }
}
