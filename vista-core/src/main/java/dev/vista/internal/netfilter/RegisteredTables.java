package dev.vista.internal.netfilter;

import dev.vista.event.NetfilterFamily;
import dev.vista.event.NetfilterHook;
import dev.vista.event.NetfilterTable;
import dev.vista.event.NetfilterWay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The netfilter tables registered in the calling thread's network namespace, for attaching observers around
 * them (the netfilter-link way) or for naming the tables whose functions run (the function way). The kernel's
 * own hook listing (nfnetlink_hook, what {@code nft list hooks} prints) is not built into every kernel, so the
 * tables are read where they are defined: nftables base chains with their hook and priority
 * ({@code nft -j list chains}; Debian's {@code iptables} is iptables-nft, whose tables are such chains), and
 * legacy iptables tables ({@code /proc/thread-self/net/ip_tables_names}, ip6_..., arp_...) at the fixed priorities
 * of their hooks. For the link way, tables at one family, hook and priority run as one and are merged; the
 * function way sees each table's own call, and ARP and bridge tables too.
 *
 * @param tables     those the way can observe (links: IPv4 and IPv6 hooks), by family, hook and priority
 * @param unobserved the others (netdev chains; ARP and bridge tables for links; ingress and egress hooks),
 *                   described for a warning
 * @param problems   what could not be read (no nft, nft failed), for a warning
 */
public record RegisteredTables(List<NetfilterTable> tables, List<String> unobserved, List<String> problems) {
    private static final Path OWN_NET = Path.of("/proc/thread-self/net");
    private static final int PRI_RAW = -300;
    private static final int PRI_MANGLE = -150;
    private static final int PRI_NAT_DST = -100;
    private static final int PRI_FILTER = 0;
    private static final int PRI_SECURITY = 50;
    private static final int PRI_NAT_SRC = 100;

    public RegisteredTables {
        tables = List.copyOf(tables);
        unobserved = List.copyOf(unobserved);
        problems = List.copyOf(problems);
    }

    /** Reads the calling thread's namespace (run it inside another with NetworkNamespaces.inside). */
    public static RegisteredTables inCurrentNamespace(NetfilterWay way) {
        List<String> problems = new ArrayList<>();
        String json = nftChains(problems);
        return combine(way, json == null ? List.of() : NftBaseChain.parse(json), new LegacyTables(
                legacyNames("ip_tables_names"), legacyNames("ip6_tables_names"), legacyNames("arp_tables_names")),
                problems);
    }

    /** The names of the legacy (x_tables) tables of each family, as /proc/net/*_tables_names lists them. */
    record LegacyTables(List<String> ipv4, List<String> ipv6, List<String> arp) {
        static final LegacyTables NONE = new LegacyTables(List.of(), List.of(), List.of());
    }

    /** The tables of these base chains and legacy tables {@code way} can observe, ordered (merged for links). */
    static RegisteredTables combine(NetfilterWay way, List<NftBaseChain> chains, LegacyTables legacy,
            List<String> problems) {
        boolean links = way == NetfilterWay.NETFILTER_LINK;
        Map<String, NetfilterTable> byPosition = new LinkedHashMap<>();
        List<String> unobserved = new ArrayList<>();
        for (NftBaseChain chain : chains) {
            NetfilterHook hook = hook(chain.hook());
            List<NetfilterFamily> families = switch (chain.family()) {
                case "ip" -> List.of(NetfilterFamily.IPV4);
                case "ip6" -> List.of(NetfilterFamily.IPV6);
                case "inet" -> List.of(NetfilterFamily.IPV4, NetfilterFamily.IPV6);
                // the kernel refuses netfilter links at ARP and bridge hooks: the function way only
                case "bridge" -> links ? List.<NetfilterFamily>of() : List.of(NetfilterFamily.BRIDGE);
                case "arp" -> links ? List.<NetfilterFamily>of() : List.of(NetfilterFamily.ARP);
                default -> List.of();
            };
            if (families.isEmpty() || hook == null) {
                unobserved.add(chain.family() + " table " + chain.table() + " chain " + chain.chain() + " (hook "
                        + chain.hook() + ")");
                continue;
            }
            families.forEach(family -> add(byPosition, links,
                    new NetfilterTable(family, hook, chain.priority(), chain.table(), chain.chain())));
        }
        legacy.ipv4().forEach(table -> addLegacy(byPosition, links, NetfilterFamily.IPV4, table));
        legacy.ipv6().forEach(table -> addLegacy(byPosition, links, NetfilterFamily.IPV6, table));
        for (String table : legacy.arp()) {
            if (links) {
                unobserved.add("arptables table " + table + " (legacy)");
            } else {
                arpLegacyHooks(table).forEach(hook -> add(byPosition, false,
                        new NetfilterTable(NetfilterFamily.ARP, hook, PRI_FILTER, table, null)));
            }
        }
        List<NetfilterTable> tables = new ArrayList<>(byPosition.values());
        tables.sort(Comparator.comparing(NetfilterTable::family).thenComparing(NetfilterTable::hook)
                .thenComparingInt(NetfilterTable::priority));
        return new RegisteredTables(tables, unobserved, problems);
    }

    /** The hooks and priorities a legacy iptables table registers (net/ipv4/netfilter/iptable_*.c). */
    static Map<NetfilterHook, Integer> legacyHooks(String table) {
        Map<NetfilterHook, Integer> hooks = new LinkedHashMap<>();
        switch (table) {
            case "raw" -> List.of(NetfilterHook.PREROUTING, NetfilterHook.OUTPUT).forEach(h -> hooks.put(h, PRI_RAW));
            case "mangle" -> List.of(NetfilterHook.values()).forEach(h -> hooks.put(h, PRI_MANGLE));
            case "nat" -> {
                hooks.put(NetfilterHook.PREROUTING, PRI_NAT_DST);
                hooks.put(NetfilterHook.INPUT, PRI_NAT_SRC);
                hooks.put(NetfilterHook.OUTPUT, PRI_NAT_DST);
                hooks.put(NetfilterHook.POSTROUTING, PRI_NAT_SRC);
            }
            case "filter" -> List.of(NetfilterHook.INPUT, NetfilterHook.FORWARD, NetfilterHook.OUTPUT)
                    .forEach(h -> hooks.put(h, PRI_FILTER));
            case "security" -> List.of(NetfilterHook.INPUT, NetfilterHook.FORWARD, NetfilterHook.OUTPUT)
                    .forEach(h -> hooks.put(h, PRI_SECURITY));
            default -> {
                // A table of an extension this version does not know: its hooks cannot be placed.
            }
        }
        return hooks;
    }

    /** The hooks a legacy arptables table registers (net/ipv4/netfilter/arptable_filter.c), at priority 0. */
    static List<NetfilterHook> arpLegacyHooks(String table) {
        return table.equals("filter") ? List.of(NetfilterHook.INPUT, NetfilterHook.OUTPUT, NetfilterHook.FORWARD)
                : List.of();
    }

    private static void addLegacy(Map<String, NetfilterTable> byPosition, boolean merge, NetfilterFamily family,
            String table) {
        legacyHooks(table).forEach((hook, priority) ->
                add(byPosition, merge, new NetfilterTable(family, hook, priority, table, null)));
    }

    /**
     * With {@code merge}, one table per family, hook and priority: those at the same place run as one, named
     * together (links observe them as one); else each table on its own.
     */
    private static void add(Map<String, NetfilterTable> byPosition, boolean merge, NetfilterTable table) {
        String position = table.family() + "/" + table.hook() + "/" + table.priority();
        if (!merge) {
            byPosition.put(position + "/" + table.table() + "/" + table.chain(), table);
            return;
        }
        byPosition.merge(position, table,
                (earlier, later) -> new NetfilterTable(earlier.family(), earlier.hook(), earlier.priority(),
                        earlier.table() + "+" + later.table(), joinChains(earlier.chain(), later.chain())));
    }

    private static String joinChains(String earlier, String later) {
        if (earlier == null || later == null) {
            return earlier == null ? later : earlier;
        }
        return earlier + "+" + later;
    }

    private static NetfilterHook hook(String nftHook) {
        return switch (nftHook.toLowerCase(Locale.ROOT)) {
            case "prerouting" -> NetfilterHook.PREROUTING;
            case "input" -> NetfilterHook.INPUT;
            case "forward" -> NetfilterHook.FORWARD;
            case "output" -> NetfilterHook.OUTPUT;
            case "postrouting" -> NetfilterHook.POSTROUTING;
            default -> null;
        };
    }

    /** nft's JSON listing of the chains, or null (with the reason in problems) when it cannot be had. */
    private static String nftChains(List<String> problems) {
        Process nft;
        try {
            nft = new ProcessBuilder("nft", "-j", "list", "chains").redirectErrorStream(true).start();
        } catch (IOException e) {
            problems.add("cannot run nft (" + e.getMessage() + "): nftables tables, Debian's iptables among them, "
                    + "are not found; install nftables");
            return null;
        }
        try {
            String output = new String(nft.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = nft.waitFor();
            if (exit != 0) {
                problems.add("nft -j list chains failed (exit " + exit + "): " + output.strip());
                return null;
            }
            return output;
        } catch (IOException e) {
            problems.add("cannot read nft's output: " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            nft.destroy();
            problems.add("interrupted while listing the nftables chains");
            return null;
        }
    }

    private static List<String> legacyNames(String file) {
        try {
            return Files.readAllLines(OWN_NET.resolve(file)).stream().map(String::strip).filter(s -> !s.isEmpty())
                    .toList();
        } catch (NoSuchFileException e) {
            return List.of(); // no legacy iptables in this kernel
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + OWN_NET.resolve(file), e);
        }
    }
}
