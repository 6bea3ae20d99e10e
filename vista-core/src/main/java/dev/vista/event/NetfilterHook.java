package dev.vista.event;

/**
 * Where in a packet's path a netfilter hook sits, named as iptables, arptables and nft name their chains and
 * hooks. IPv4, IPv6 and bridge have all five ({@code enum nf_inet_hooks}, {@code NF_BR_*}); ARP has INPUT,
 * OUTPUT and FORWARD ({@code NF_ARP_IN}, {@code NF_ARP_OUT}, {@code NF_ARP_FORWARD}), numbered differently.
 */
public enum NetfilterHook {
    PREROUTING,
    INPUT,
    FORWARD,
    OUTPUT,
    POSTROUTING;

    private static final NetfilterHook[] INET = values();
    /** NF_ARP_IN 0, NF_ARP_OUT 1, NF_ARP_FORWARD 2. */
    private static final NetfilterHook[] ARP = {INPUT, OUTPUT, FORWARD};

    /** The hook the kernel numbers {@code value} in {@code family}, or null for a number it has not. */
    public static NetfilterHook ofValue(NetfilterFamily family, int value) {
        NetfilterHook[] numbered = numbering(family);
        return value >= 0 && value < numbered.length ? numbered[value] : null;
    }

    /**
     * The kernel's number for this hook in {@code family} (NF_INET_PRE_ROUTING 0 ... NF_INET_POST_ROUTING 4,
     * bridge alike; NF_ARP_IN 0, NF_ARP_OUT 1, NF_ARP_FORWARD 2).
     *
     * @throws IllegalArgumentException for a hook the family has not (ARP has no PREROUTING or POSTROUTING)
     */
    public int value(NetfilterFamily family) {
        NetfilterHook[] numbered = numbering(family);
        for (int i = 0; i < numbered.length; i++) {
            if (numbered[i] == this) {
                return i;
            }
        }
        throw new IllegalArgumentException(family.pfName() + " has no " + this + " hook: it has INPUT, OUTPUT and "
                + "FORWARD");
    }

    private static NetfilterHook[] numbering(NetfilterFamily family) {
        return family == NetfilterFamily.ARP ? ARP : INET;
    }
}
