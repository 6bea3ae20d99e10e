package dev.vista.assertj;

import dev.vista.event.NetfilterEvent;
import dev.vista.event.NetfilterFamily;
import dev.vista.event.NetfilterHook;
import java.util.Objects;

/**
 * Which netfilter table an assertion is about: {@code netfilter().table("filter").hook(INPUT)},
 * {@code netfilter().table("mytable").chain("input")}, {@code netfilter().family(ARP).hook(INPUT)} (ARP's hooks are
 * INPUT, OUTPUT and FORWARD). Whatever is not given matches anything. Immutable: each call returns a new spec.
 */
public final class NetfilterSpec {
    private final String table;
    private final String chain;
    private final NetfilterHook hook;
    private final NetfilterFamily family;

    private NetfilterSpec(String table, String chain, NetfilterHook hook, NetfilterFamily family) {
        this.table = table;
        this.chain = chain;
        this.hook = hook;
        this.family = family;
    }

    /** Any table at any hook; narrow it with the other methods. */
    public static NetfilterSpec netfilter() {
        return new NetfilterSpec(null, null, null, null);
    }

    /** The iptables table or nftables table of this name, e.g. {@code filter}, {@code nat}. */
    public NetfilterSpec table(String name) {
        return new NetfilterSpec(Objects.requireNonNull(name), chain, hook, family);
    }

    /** The nftables base chain of this name (Debian's iptables names its chains INPUT, FORWARD, ...). */
    public NetfilterSpec chain(String name) {
        return new NetfilterSpec(table, Objects.requireNonNull(name), hook, family);
    }

    public NetfilterSpec hook(NetfilterHook where) {
        return new NetfilterSpec(table, chain, Objects.requireNonNull(where), family);
    }

    public NetfilterSpec family(NetfilterFamily which) {
        return new NetfilterSpec(table, chain, hook, Objects.requireNonNull(which));
    }

    /** Whether the verdict came from a table this spec means (tables run as one match by each name). */
    public boolean matches(NetfilterEvent event) {
        return (table == null || names(event.table().table()).contains("+" + table + "+"))
                && (chain == null
                        || event.table().chain() != null && names(event.table().chain()).contains("+" + chain + "+"))
                && (hook == null || event.hook() == hook)
                && (family == null || event.family() == family);
    }

    private static String names(String joined) {
        return "+" + joined + "+";
    }

    /** Reads as a noun in failure messages: {@code netfilter table filter at INPUT}. */
    @Override
    public String toString() {
        return "netfilter" + (table == null ? "" : " table " + table) + (chain == null ? "" : " chain " + chain)
                + (hook == null ? "" : " at " + hook) + (family == null ? "" : " (" + family.pfName() + ")");
    }
}
