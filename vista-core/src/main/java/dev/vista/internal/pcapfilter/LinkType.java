package dev.vista.internal.pcapfilter;

/** Where a compiled filter expects the packet to start. */
public enum LinkType {
    /** At the Ethernet header (DLT_EN10MB). */
    ETHERNET(Libpcap.DLT_EN10MB),
    /** At the IPv4 or IPv6 header (DLT_RAW). */
    IP(Libpcap.DLT_RAW);

    private final int dlt;

    LinkType(int dlt) {
        this.dlt = dlt;
    }

    int dlt() {
        return dlt;
    }
}
