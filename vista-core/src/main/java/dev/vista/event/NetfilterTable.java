package dev.vista.event;

import java.util.Objects;

/**
 * One table at one hook, as the kernel runs it: an iptables table, or an nftables base chain (with its
 * table). Tables that share a family, hook and priority run as one and are observed as one: their names
 * are joined with {@code +}.
 *
 * @param family   the hook's family (an nftables {@code inet} table appears once for IPv4, once for IPv6)
 * @param hook     where in the packet's path (for ARP: INPUT, OUTPUT or FORWARD)
 * @param priority the order among the hook's functions (iptables: raw -300, mangle -150, nat -100/100,
 *                 filter 0, security 50)
 * @param table    the table's name, e.g. {@code filter}
 * @param chain    the nftables base chain, e.g. {@code INPUT}; null for a legacy iptables table
 */
public record NetfilterTable(NetfilterFamily family, NetfilterHook hook, int priority, String table, String chain) {
    /** @throws IllegalArgumentException for a hook the family has not (ARP: INPUT, OUTPUT, FORWARD only) */
    public NetfilterTable {
        Objects.requireNonNull(table, "table");
        hook.value(Objects.requireNonNull(family, "family"));
    }

    /** The kernel's number of the hook in the table's family. */
    public int hookValue() {
        return hook.value(family);
    }

    @Override
    public String toString() {
        return family.pfName() + " " + table + (chain == null ? "" : "/" + chain) + " " + hook + " priority "
                + priority;
    }
}
