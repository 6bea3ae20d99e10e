package dev.vista.event;

/**
 * The protocol family a netfilter hook belongs to ({@code NFPROTO_*}), with the name vista prints
 * ({@code pf=PF_INET}). nftables {@code inet} tables hook into both IPv4 and IPv6.
 */
public enum NetfilterFamily {
    IPV4(2, "PF_INET"),
    IPV6(10, "PF_INET6"),
    ARP(3, "PF_ARP"),
    BRIDGE(7, "PF_BRIDGE");

    private final int value;
    private final String pfName;

    NetfilterFamily(int value, String pfName) {
        this.value = value;
        this.pfName = pfName;
    }

    /** The kernel's {@code NFPROTO_*} number. */
    public int value() {
        return value;
    }

    /** PF_INET, PF_INET6, PF_ARP, PF_BRIDGE. */
    public String pfName() {
        return pfName;
    }

    /** The family the kernel numbers {@code value}, or null for one this version does not know. */
    public static NetfilterFamily ofValue(int value) {
        for (NetfilterFamily family : values()) {
            if (family.value == value) {
                return family;
            }
        }
        return null;
    }
}
