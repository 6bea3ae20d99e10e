package dev.vista.internal.load;

/**
 * Byte offsets of {@code struct vista_config} (vista-bpf's vista_event.h); checked against gcc's
 * offsetof by EventLayoutTest.
 */
public final class ConfigLayout {
    public static final int NETNS = 0;
    public static final int MARK = 4;
    public static final int FILTER_MARK = 8;
    public static final int L4PROTO = 9;
    public static final int PORT = 10;
    public static final int ADDR_L3 = 12;
    public static final int STACK_MODE = 13;
    public static final int TRACK_SKB = 14;
    public static final int PCAP_FILTER = 15;
    public static final int WAKEUP_BYTES = 16;
    public static final int ADDR = 20;
    public static final int IFNAME = 36;
    public static final int FREE_FUNC_IP = 56;
    public static final int SK_MARK = 64;
    public static final int PID = 68;
    public static final int COMM = 72;
    public static final int ICMP_ID = 88;
    public static final int FILTER_SK_MARK = 90;
    public static final int FILTER_ICMP_ID = 91;
    public static final int TCP_MIN_LIFETIME_NS = 96;
    public static final int SIZE = 104;

    private ConfigLayout() {
    }
}
