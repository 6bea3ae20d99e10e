package dev.vista.internal.ringbuf;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import dev.vista.event.DropReason;
import dev.vista.event.EventSource;
import dev.vista.event.PacketProgramType;
import dev.vista.event.PacketStart;
import dev.vista.event.ProgramPhase;
import dev.vista.event.ProgramVerdict;
import dev.vista.event.SkbEventView;
import dev.vista.event.Tracepoint;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A flyweight over one {@code struct vista_event} in memory (the ring buffer or a recording):
 * {@link #wrap} moves it, getters read straight from the segment; nothing is allocated per event.
 */
public final class RingEventView implements SkbEventView {
    public static final int SOURCE_SKB_TRACEPOINT = 1;
    public static final int SOURCE_SKB_FUNCTION = 2;
    public static final int SOURCE_SK_FUNCTION = 3;
    public static final int SOURCE_TCP_LIFETIME = 4;
    public static final int SOURCE_CGROUP_SOCKET = 5;
    public static final int SOURCE_SK_TRACEPOINT = 6;
    /** A loss marker ({@link LossLayout}), not an event. */
    public static final int SOURCE_LOSS = 7;
    public static final int SOURCE_NETFILTER = 8;
    public static final int SOURCE_TC_PROGRAM = 9;
    public static final int SOURCE_XDP_PROGRAM = 10;
    private static final ValueLayout.OfInt NETWORK_INT = JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final KernelNames names;
    private MemorySegment segment = MemorySegment.NULL;
    private long base;
    private int length;
    private int source;

    /** A view whose name look-ups answer without a kernel (hex addresses, unknown drop reasons). */
    public RingEventView() {
        this(KernelNames.UNRESOLVED);
    }

    public RingEventView(KernelNames names) {
        this.names = names;
    }

    /** Points this view at the record of {@code length} bytes at {@code offset}. */
    public RingEventView wrap(MemorySegment segment, long offset, int length) {
        this.segment = segment;
        this.base = offset;
        this.length = length;
        // Read once: the dispatcher and tracepoint() both need it for every event.
        this.source = u8(EventLayout.SOURCE);
        return this;
    }

    /** The names this view's look-ups ask. */
    KernelNames names() {
        return names;
    }

    public int recordLength() {
        return length;
    }

    MemorySegment segment() {
        return segment;
    }

    long base() {
        return base;
    }

    private long u64(int field) {
        return segment.get(JAVA_LONG_UNALIGNED, base + field);
    }

    private int s32(int field) {
        return segment.get(JAVA_INT_UNALIGNED, base + field);
    }

    private long u32(int field) {
        return Integer.toUnsignedLong(s32(field));
    }

    private int u16(int field) {
        return Short.toUnsignedInt(segment.get(JAVA_SHORT_UNALIGNED, base + field));
    }

    private int u8(int field) {
        return Byte.toUnsignedInt(segment.get(JAVA_BYTE, base + field));
    }

    @Override
    public long timestampNs() {
        return u64(EventLayout.TS_NS);
    }

    @Override
    public int cpu() {
        return s32(EventLayout.CPU);
    }

    @Override
    public int pid() {
        return s32(EventLayout.PID);
    }

    @Override
    public long skb() {
        return u64(EventLayout.SKB);
    }

    /** enum vista_source: one of the SOURCE_ constants. */
    public int sourceId() {
        return source;
    }

    @Override
    public EventSource source() {
        return EventSource.ofId(source);
    }

    /** For kernel-function events, the function's address; else 0. */
    public long funcIp() {
        return u64(EventLayout.FUNC_IP);
    }

    @Override
    public long functionAddress() {
        return funcIp();
    }

    @Override
    public String functionName() {
        return names.functionName(this);
    }

    public int tracepointId() {
        return u16(EventLayout.WHERE);
    }

    @Override
    public Tracepoint tracepoint() {
        return source == SOURCE_SKB_TRACEPOINT ? Tracepoint.ofId(tracepointId()) : null;
    }

    /** A program event's location holds how long the program ran (programNanos), not an address. */
    @Override
    public long location() {
        return programType() == null ? u64(EventLayout.LOCATION) : 0;
    }

    /** The kind of program of a TC or XDP program's event, else null. */
    public PacketProgramType programType() {
        return source == SOURCE_TC_PROGRAM ? PacketProgramType.TC
                : source == SOURCE_XDP_PROGRAM ? PacketProgramType.XDP : null;
    }

    @Override
    public ProgramPhase programPhase() {
        return programType() == null ? null : ProgramPhase.ofId(u16(EventLayout.WHERE));
    }

    @Override
    public ProgramVerdict programVerdict() {
        return programPhase() == ProgramPhase.EXIT ? ProgramVerdict.of(programType(), s32(EventLayout.DROP_REASON))
                : null;
    }

    @Override
    public long programNanos() {
        return programPhase() == ProgramPhase.EXIT ? u64(EventLayout.LOCATION) : 0;
    }

    @Override
    public long netns() {
        return u32(EventLayout.NETNS);
    }

    @Override
    public long mark() {
        return u32(EventLayout.MARK);
    }

    @Override
    public int ifindex() {
        return s32(EventLayout.IFINDEX);
    }

    @Override
    public int len() {
        return s32(EventLayout.LEN);
    }

    @Override
    public int mtu() {
        return s32(EventLayout.MTU);
    }

    @Override
    public int protocol() {
        return u16(EventLayout.PROTOCOL);
    }

    @Override
    public int pktType() {
        return u8(EventLayout.PKT_TYPE);
    }

    @Override
    public int dropReasonValue() {
        return s32(EventLayout.DROP_REASON);
    }

    @Override
    public DropReason dropReason() {
        return tracepoint() == Tracepoint.KFREE_SKB ? names.dropReason(dropReasonValue()) : null;
    }

    @Override
    public int ipVersion() {
        return u8(EventLayout.TUPLE_L3);
    }

    @Override
    public int l4Protocol() {
        return u8(EventLayout.TUPLE_L4PROTO);
    }

    @Override
    public int sourcePort() {
        return u16(EventLayout.TUPLE_SPORT);
    }

    @Override
    public int destinationPort() {
        return u16(EventLayout.TUPLE_DPORT);
    }

    @Override
    public int tcpFlags() {
        return u8(EventLayout.TUPLE_TCP_FLAGS);
    }

    @Override
    public int icmpType() {
        return u8(EventLayout.TUPLE_ICMP_TYPE);
    }

    @Override
    public int icmpCode() {
        return u8(EventLayout.TUPLE_ICMP_CODE);
    }

    @Override
    public int icmpId() {
        return u16(EventLayout.TUPLE_ICMP_ID);
    }

    @Override
    public int icmpSequence() {
        return u16(EventLayout.TUPLE_ICMP_SEQ);
    }

    /** Frames present: the depth the kernel wrote, bounded by what the record actually holds. */
    @Override
    public int stackDepth() {
        int room = Math.max(0, (length - stackOffset()) / Long.BYTES);
        return Math.min(u8(EventLayout.STACK_DEPTH), room);
    }

    @Override
    public long stackAddress(int frame) {
        return u64(stackOffset() + frame * Long.BYTES);
    }

    /**
     * Bytes of the packet's struct sk_buff the record carries (Output.SKB); 0 when it carries none, also
     * when the counts do not fit the record.
     */
    public int skbStructLength() {
        return structsFit() ? s32(structsOffset() + EventLayout.COPIES_SKB_BYTES) : 0;
    }

    /** Bytes of the packet's struct skb_shared_info the record carries (Output.SHINFO), as for the sk_buff. */
    public int sharedInfoLength() {
        return structsFit() ? s32(structsOffset() + EventLayout.COPIES_SHINFO_BYTES) : 0;
    }

    /** A copy of the struct sk_buff bytes ({@link #skbStructLength()} of them). */
    public byte[] skbStructBytes() {
        return copy(structsOffset() + EventLayout.COPIES_SIZE, skbStructLength());
    }

    /** A copy of the struct skb_shared_info bytes, which follow the sk_buff's. */
    public byte[] sharedInfoBytes() {
        return copy(structsOffset() + EventLayout.COPIES_SIZE + skbStructLength(), sharedInfoLength());
    }

    /** Packet records carry struct vista_struct_copies after their stack frames (and packet) when it fits. */
    private boolean structsFit() {
        if (source == SOURCE_SK_FUNCTION || source == SOURCE_SK_TRACEPOINT) {
            return false;
        }
        int at = structsOffset();
        return at + EventLayout.COPIES_SIZE <= length
                && at + EventLayout.COPIES_SIZE + Integer.toUnsignedLong(s32(at + EventLayout.COPIES_SKB_BYTES))
                        + Integer.toUnsignedLong(s32(at + EventLayout.COPIES_SHINFO_BYTES)) <= length;
    }

    /** The struct copies follow the stack frames, and the captured packet when the record has one. */
    private int structsOffset() {
        int afterStack = EventLayout.STACK + u8(EventLayout.STACK_DEPTH) * Long.BYTES;
        return packetFrom() == 0 ? afterStack : afterStack + EventLayout.PACKET_HEADER_SIZE + capturedLength();
    }

    private byte[] copy(int field, int bytes) {
        byte[] copy = new byte[bytes];
        MemorySegment.copy(segment, JAVA_BYTE, base + field, copy, 0, bytes);
        return copy;
    }

    @Override
    public PacketStart packetStart() {
        return switch (packetFrom()) {
            case EventLayout.PACKET_FROM_MAC -> PacketStart.LINK_LAYER;
            case EventLayout.PACKET_FROM_NETWORK -> PacketStart.NETWORK;
            default -> null;
        };
    }

    @Override
    public int capturedLength() {
        return packetFrom() == 0 ? 0 : s32(packetOffset() + EventLayout.PACKET_CAPLEN);
    }

    @Override
    public int packetLength() {
        return packetFrom() == 0 ? 0 : s32(packetOffset() + EventLayout.PACKET_LEN);
    }

    @Override
    public int copyPacket(byte[] target, int offset) {
        int bytes = capturedLength();
        MemorySegment.copy(segment, JAVA_BYTE, base + packetOffset() + EventLayout.PACKET_HEADER_SIZE, target, offset,
                bytes);
        return bytes;
    }

    /** enum vista_packet_start of a packet record whose struct vista_packet fits the record, else 0. */
    private int packetFrom() {
        int from = u8(EventLayout.PACKET);
        if (from == 0 || source == SOURCE_SK_FUNCTION || source == SOURCE_SK_TRACEPOINT) {
            return 0;
        }
        int header = packetOffset();
        boolean fits = header + EventLayout.PACKET_HEADER_SIZE <= length
                && header + EventLayout.PACKET_HEADER_SIZE + (long) s32(header + EventLayout.PACKET_CAPLEN) <= length;
        return fits ? from : 0;
    }

    /** The struct vista_packet comes right after the stack frames the kernel wrote. */
    private int packetOffset() {
        return EventLayout.STACK + u8(EventLayout.STACK_DEPTH) * Long.BYTES;
    }

    /** Socket records carry their sock fields between the header and the stack. */
    private int stackOffset() {
        return source == SOURCE_SK_FUNCTION || source == SOURCE_SK_TRACEPOINT ? SkEventLayout.STACK : EventLayout.STACK;
    }

    @Override
    public int sourceIpv4() {
        return segment.get(NETWORK_INT, base + EventLayout.TUPLE_SADDR);
    }

    @Override
    public int destinationIpv4() {
        return segment.get(NETWORK_INT, base + EventLayout.TUPLE_DADDR);
    }

    @Override
    public int copySourceAddress(byte[] target, int offset) {
        return copyAddress(EventLayout.TUPLE_SADDR, target, offset);
    }

    @Override
    public int copyDestinationAddress(byte[] target, int offset) {
        return copyAddress(EventLayout.TUPLE_DADDR, target, offset);
    }

    /** Copies the address at {@code field} (4 bytes for IPv4, 16 for IPv6, by this record's IP version). */
    int copyAddress(int field, byte[] target, int offset) {
        int n = switch (ipVersion()) {
            case 4 -> 4;
            case 6 -> 16;
            default -> 0;
        };
        MemorySegment.copy(segment, JAVA_BYTE, base + field, target, offset, n);
        return n;
    }

    /** Copies an address of the tuple (4 bytes for IPv4, 16 for IPv6). */
    public byte[] sourceAddress() {
        return address(EventLayout.TUPLE_SADDR);
    }

    public byte[] destinationAddress() {
        return address(EventLayout.TUPLE_DADDR);
    }

    private byte[] address(int field) {
        byte[] bytes = new byte[ipVersion() == 6 ? 16 : 4];
        MemorySegment.copy(segment, JAVA_BYTE, base + field, bytes, 0, bytes.length);
        return bytes;
    }

    public String comm() {
        return cString(EventLayout.COMM, EventLayout.COMM_LEN);
    }

    @Override
    public boolean commEquals(CharSequence name) {
        return cStringEquals(EventLayout.COMM, EventLayout.COMM_LEN, name);
    }

    @Override
    public int copyComm(byte[] target, int offset) {
        return copyCString(EventLayout.COMM, EventLayout.COMM_LEN, target, offset);
    }

    public String ifname() {
        return cString(EventLayout.IFNAME, EventLayout.IFNAME_LEN);
    }

    @Override
    public boolean ifnameEquals(CharSequence name) {
        return cStringEquals(EventLayout.IFNAME, EventLayout.IFNAME_LEN, name);
    }

    @Override
    public int copyIfname(byte[] target, int offset) {
        return copyCString(EventLayout.IFNAME, EventLayout.IFNAME_LEN, target, offset);
    }

    String cString(int field, int max) {
        int n = cStringLength(field, max);
        byte[] bytes = new byte[n];
        MemorySegment.copy(segment, JAVA_BYTE, base + field, bytes, 0, n);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private int cStringLength(int field, int max) {
        int n = 0;
        while (n < max && segment.get(JAVA_BYTE, base + field + n) != 0) {
            n++;
        }
        return n;
    }

    /** Copies a NUL-padded char array's bytes, without the NUL. */
    int copyCString(int field, int max, byte[] target, int offset) {
        int n = cStringLength(field, max);
        MemorySegment.copy(segment, JAVA_BYTE, base + field, target, offset, n);
        return n;
    }

    /**
     * Compares a NUL-padded char array with {@code text} byte for char: exact for ASCII, which kernel names
     * are; text with other characters is compared with the decoded string (which allocates).
     */
    boolean cStringEquals(int field, int max, CharSequence text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            if (text.charAt(i) >= 0x80) {
                return cString(field, max).contentEquals(text);
            }
        }
        // ASCII: one byte per char. The terminator first: names that differ mostly differ in length.
        if (n > max || n < max && segment.get(JAVA_BYTE, base + field + n) != 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (segment.get(JAVA_BYTE, base + field + i) != (byte) text.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
