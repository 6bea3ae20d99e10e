package dev.vista.pcap;

/** The link types vista's captures use: what the first byte of a packet is (tcpdump.org's LINKTYPE_ values). */
public enum LinkType {
    /** The packet starts at its Ethernet header. */
    ETHERNET(1),
    /** The packet starts at its IP header, version 4 or 6 (readers look at the version nibble). */
    RAW(101),
    /** The packet starts at its IPv4 header. */
    IPV4(228),
    /** The packet starts at its IPv6 header. */
    IPV6(229);

    private final int value;

    LinkType(int value) {
        this.value = value;
    }

    /** The LINKTYPE_ number an Interface Description Block carries. */
    public int value() {
        return value;
    }
}
