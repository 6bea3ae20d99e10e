package dev.vista.netns;

import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An nftables table a test made in a namespace, with its chains and rules; {@link #close()} deletes the
 * table and everything in it. Made by {@link NetworkNamespace#addNftTable}.
 *
 * <pre>{@code
 * try (NftTable filter = ns.addNftTable("inet", "test")) {
 *     filter.addChain("input", "type filter hook input priority 0; policy accept;");
 *     filter.addRule("input", "udp dport 7777 drop");
 *     ...
 * }
 * }</pre>
 */
public final class NftTable implements AutoCloseable {
    private static final Pattern FAMILY = Pattern.compile("ip|ip6|inet|arp|bridge|netdev");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private final NetworkNamespace namespace;
    private final String family;
    private final String name;
    private boolean deleted;

    private NftTable(NetworkNamespace namespace, String family, String name) {
        this.namespace = namespace;
        this.family = family;
        this.name = name;
    }

    static NftTable create(NetworkNamespace namespace, String family, String name) {
        if (!FAMILY.matcher(family).matches()) {
            throw new IllegalArgumentException("bad nftables family '" + family
                    + "': use ip, ip6, inet, arp, bridge or netdev");
        }
        checkName("table", name);
        NftTable table = new NftTable(namespace, family, name);
        table.nft("add", "table", family, name);
        return table;
    }

    /**
     * Adds a chain; {@code definition} is what goes between nft's braces, e.g.
     * {@code type filter hook input priority 0; policy accept;} for a base chain, or "" for a regular one.
     */
    public NftTable addChain(String chain, String definition) {
        checkName("chain", chain);
        if (definition.isBlank()) {
            nft("add", "chain", family, name, chain);
        } else {
            nft("add", "chain", family, name, chain, "{ " + definition + " }");
        }
        return this;
    }

    /** Appends a rule to a chain of this table, in nft's syntax, e.g. {@code udp dport 7777 drop}. */
    public NftTable addRule(String chain, String rule) {
        checkName("chain", chain);
        nft("add", "rule", family, name, chain, rule);
        return this;
    }

    public String family() {
        return family;
    }

    public String name() {
        return name;
    }

    /** Deletes the table with its chains and rules; calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (!deleted) {
            deleted = true;
            nft("delete", "table", family, name);
        }
    }

    private void nft(String... args) {
        // nft parses each argument as part of one command line; a rule given as one argument is fine.
        namespace.exec(Stream.concat(Stream.of("nft"), Stream.of(args)).toArray(String[]::new)).orThrow();
    }

    private static void checkName(String what, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad nftables " + what + " name '" + name
                    + "': a letter, then up to 63 letters, digits or '_'");
        }
    }

    @Override
    public String toString() {
        return "nft table " + family + " " + name + " in " + namespace;
    }
}
