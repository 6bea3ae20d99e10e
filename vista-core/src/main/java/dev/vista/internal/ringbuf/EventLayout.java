package dev.vista.internal.ringbuf;

/**
 * Byte offsets of {@code struct vista_event} (vista-bpf's vista_event.h). EventLayoutTest compiles
 * that header with gcc and checks every offset here.
 */
public final class EventLayout {
    public static final int TS_NS = 0;
    public static final int SKB = 8;
    public static final int LOCATION = 16;
    public static final int PID = 24;
    public static final int CPU = 28;
    public static final int WHERE = 32;
    public static final int SOURCE = 34;
    public static final int STACK_DEPTH = 35;
    public static final int NETNS = 36;
    public static final int MARK = 40;
    public static final int IFINDEX = 44;
    public static final int LEN = 48;
    public static final int MTU = 52;
    public static final int DROP_REASON = 56;
    public static final int PROTOCOL = 60;
    public static final int PKT_TYPE = 62;
    /** enum vista_packet_start: 0, or where the captured bytes of a struct vista_packet start. */
    public static final int PACKET = 63;
    public static final int COMM = 64;
    public static final int IFNAME = 80;
    public static final int TUPLE = 96;
    public static final int TUPLE_SADDR = TUPLE;
    public static final int TUPLE_DADDR = TUPLE + 16;
    public static final int TUPLE_SPORT = TUPLE + 32;
    public static final int TUPLE_DPORT = TUPLE + 34;
    public static final int TUPLE_L3 = TUPLE + 36;
    public static final int TUPLE_L4PROTO = TUPLE + 37;
    public static final int TUPLE_TCP_FLAGS = TUPLE + 38;
    public static final int TUPLE_ICMP_TYPE = TUPLE + 39;
    public static final int TUPLE_ICMP_CODE = TUPLE + 40;
    public static final int TUPLE_ICMP_ID = TUPLE + 42;
    public static final int TUPLE_ICMP_SEQ = TUPLE + 44;
    public static final int FUNC_IP = 144;
    /** sizeof(struct vista_tuple): it ends where func_ip starts. */
    public static final int TUPLE_LEN = FUNC_IP - TUPLE;
    /** sizeof(struct vista_event): the stack frames of vista_event_with_stack start here. */
    public static final int SIZE = 152;
    public static final int STACK = SIZE;
    public static final int COMM_LEN = 16;
    public static final int IFNAME_LEN = 16;
    public static final int MAX_STACK_DEPTH = 32;
    /** struct vista_packet, after the stack frames: captured length, then original length, then the bytes. */
    public static final int PACKET_CAPLEN = 0;
    public static final int PACKET_LEN = 4;
    public static final int PACKET_HEADER_SIZE = 8;
    public static final int PACKET_FROM_MAC = 1;
    public static final int PACKET_FROM_NETWORK = 2;
    /** VISTA_MAX_SNAPLEN: the most packet bytes an event carries. */
    public static final int MAX_SNAPLEN = 8192;
    /**
     * struct vista_struct_copies, after the stack frames (and the packet when there is one): byte counts of the
     * sk_buff and skb_shared_info after it.
     */
    public static final int COPIES_SKB_BYTES = 0;
    public static final int COPIES_SHINFO_BYTES = 4;
    public static final int COPIES_SIZE = 8;

    private EventLayout() {
    }
}
