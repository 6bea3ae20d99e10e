package dev.vista.event;

/**
 * The kernel tracepoints that carry an skb, in the order of vista_tracepoints.h (the BPF side
 * writes the ordinal into each event). Which of them exist is read from the kernel's BTF.
 */
public enum Tracepoint {
    NETIF_RECEIVE_SKB("net", "netif_receive_skb"),
    NETIF_RX("net", "netif_rx"),
    NET_DEV_QUEUE("net", "net_dev_queue"),
    NET_DEV_START_XMIT("net", "net_dev_start_xmit"),
    NET_DEV_XMIT("net", "net_dev_xmit"),
    NAPI_GRO_RECEIVE_ENTRY("net", "napi_gro_receive_entry"),
    KFREE_SKB("skb", "kfree_skb"),
    CONSUME_SKB("skb", "consume_skb"),
    SKB_COPY_DATAGRAM_IOVEC("skb", "skb_copy_datagram_iovec"),
    UDP_FAIL_QUEUE_RCV_SKB("udp", "udp_fail_queue_rcv_skb"),
    TCP_RETRANSMIT_SKB("tcp", "tcp_retransmit_skb");

    private static final Tracepoint[] BY_ORDINAL = values();

    private final String category;
    private final String kernelName;

    Tracepoint(String category, String kernelName) {
        this.category = category;
        this.kernelName = kernelName;
    }

    /** The tracepoint's system, as in {@code /sys/kernel/tracing/events/<category>}. */
    public String category() {
        return category;
    }

    /** The kernel's name, e.g. {@code kfree_skb}. */
    public String kernelName() {
        return kernelName;
    }

    /** {@code category:name}, as perf and bpftrace spell it. */
    public String qualifiedName() {
        return category + ":" + kernelName;
    }

    /** The tracepoint for an id written by the BPF side, or null for an id this version does not know. */
    public static Tracepoint ofId(int id) {
        return id >= 0 && id < BY_ORDINAL.length ? BY_ORDINAL[id] : null;
    }

    /** By kernel name ({@code kfree_skb}) or qualified name ({@code skb:kfree_skb}), case-insensitive. */
    public static Tracepoint byName(String name) {
        for (Tracepoint tp : BY_ORDINAL) {
            if (tp.kernelName.equalsIgnoreCase(name) || tp.qualifiedName().equalsIgnoreCase(name)) {
                return tp;
            }
        }
        return null;
    }
}
