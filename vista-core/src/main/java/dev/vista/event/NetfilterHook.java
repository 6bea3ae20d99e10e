package dev.vista.event;

/** The netfilter hooks of IPv4 and IPv6 ({@code enum nf_inet_hooks}), named as iptables names its chains. */
public enum NetfilterHook {
    PREROUTING,
    INPUT,
    FORWARD,
    OUTPUT,
    POSTROUTING;

    private static final NetfilterHook[] ALL = values();

    /** The hook the kernel numbers {@code value} (NF_INET_PRE_ROUTING 0 ... NF_INET_POST_ROUTING 4), or null. */
    public static NetfilterHook ofValue(int value) {
        return value >= 0 && value < ALL.length ? ALL[value] : null;
    }

    /** The kernel's number for this hook. */
    public int value() {
        return ordinal();
    }
}
