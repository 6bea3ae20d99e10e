package dev.vista.internal.warmup;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import dev.vista.event.Tracepoint;
import dev.vista.internal.ringbuf.EventLayout;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * Writes one {@code struct vista_event} field by field at the {@link EventLayout} offsets, as the
 * BPF side fills a reserved record: the write-side mirror of RingEventView.
 */
final class EventWriter {
    private static final int SOURCE_SKB_TRACEPOINT = 1;

    private final MemorySegment segment;
    private final long base;

    EventWriter(MemorySegment segment, long base, int stackDepth) {
        this.segment = segment;
        this.base = base;
        // bpf_ringbuf_reserve does not zero the record; the BPF side writes every byte, so do we.
        segment.asSlice(base, EventLayout.SIZE + (long) stackDepth * Long.BYTES).fill((byte) 0);
        u8(EventLayout.SOURCE, SOURCE_SKB_TRACEPOINT);
        u8(EventLayout.STACK_DEPTH, stackDepth);
    }

    EventWriter at(Tracepoint where, long timestampNs, long skb) {
        u16(EventLayout.WHERE, where.ordinal());
        u64(EventLayout.TS_NS, timestampNs);
        u64(EventLayout.SKB, skb);
        return this;
    }

    EventWriter task(int pid, int cpu, String comm) {
        u32(EventLayout.PID, pid);
        u32(EventLayout.CPU, cpu);
        string(EventLayout.COMM, EventLayout.COMM_LEN, comm);
        return this;
    }

    EventWriter device(long netns, int ifindex, String ifname, int mtu) {
        u32(EventLayout.NETNS, (int) netns);
        u32(EventLayout.IFINDEX, ifindex);
        string(EventLayout.IFNAME, EventLayout.IFNAME_LEN, ifname);
        u32(EventLayout.MTU, mtu);
        return this;
    }

    EventWriter packet(int len, int ethertype, int pktType, int mark) {
        u32(EventLayout.LEN, len);
        u16(EventLayout.PROTOCOL, ethertype);
        u8(EventLayout.PKT_TYPE, pktType);
        u32(EventLayout.MARK, mark);
        return this;
    }

    /** Network-order addresses; l3 is 4 or 6 by the address length. */
    EventWriter addresses(InetAddress source, InetAddress destination) {
        byte[] src = source.getAddress();
        MemorySegment.copy(src, 0, segment, JAVA_BYTE, base + EventLayout.TUPLE_SADDR, src.length);
        byte[] dst = destination.getAddress();
        MemorySegment.copy(dst, 0, segment, JAVA_BYTE, base + EventLayout.TUPLE_DADDR, dst.length);
        u8(EventLayout.TUPLE_L3, src.length == 4 ? 4 : 6);
        return this;
    }

    EventWriter transport(int l4Protocol, int sourcePort, int destinationPort, int tcpFlags) {
        u8(EventLayout.TUPLE_L4PROTO, l4Protocol);
        u16(EventLayout.TUPLE_SPORT, sourcePort);
        u16(EventLayout.TUPLE_DPORT, destinationPort);
        u8(EventLayout.TUPLE_TCP_FLAGS, tcpFlags);
        return this;
    }

    EventWriter icmp(int l4Protocol, int type, int code, int id, int sequence) {
        u8(EventLayout.TUPLE_L4PROTO, l4Protocol);
        u8(EventLayout.TUPLE_ICMP_TYPE, type);
        u8(EventLayout.TUPLE_ICMP_CODE, code);
        u16(EventLayout.TUPLE_ICMP_ID, id);
        u16(EventLayout.TUPLE_ICMP_SEQ, sequence);
        return this;
    }

    /** kfree_skb/consume_skb: the freeing caller, and for kfree_skb the raw drop reason. */
    EventWriter freedBy(long location, int dropReason) {
        u64(EventLayout.LOCATION, location);
        u32(EventLayout.DROP_REASON, dropReason);
        return this;
    }

    EventWriter frame(int index, long address) {
        u64(EventLayout.STACK + index * Long.BYTES, address);
        return this;
    }

    private void u64(int field, long value) {
        segment.set(JAVA_LONG_UNALIGNED, base + field, value);
    }

    private void u32(int field, int value) {
        segment.set(JAVA_INT_UNALIGNED, base + field, value);
    }

    private void u16(int field, int value) {
        segment.set(JAVA_SHORT_UNALIGNED, base + field, (short) value);
    }

    private void u8(int field, int value) {
        segment.set(JAVA_BYTE, base + field, (byte) value);
    }

    /** A NUL-padded C char array, as the kernel's strncpy-style helpers leave it. */
    private void string(int field, int max, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(bytes, 0, segment, JAVA_BYTE, base + field, Math.min(bytes.length, max - 1));
    }
}
