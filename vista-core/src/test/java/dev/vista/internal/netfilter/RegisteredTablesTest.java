package dev.vista.internal.netfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.event.NetfilterFamily;
import dev.vista.event.NetfilterHook;
import dev.vista.event.NetfilterTable;
import dev.vista.event.NetfilterWay;
import dev.vista.internal.netfilter.RegisteredTables.LegacyTables;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegisteredTablesTest {
    /** What nft 1.0.6 printed for iptables-nft's filter INPUT, an inet table, a bridge table and a netdev one. */
    private static final String NFT_JSON = """
            {"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", \
            "json_schema_version": 1}}, \
            {"chain": {"family": "ip", "table": "filter", "name": "INPUT", "handle": 1, "type": "filter", \
            "hook": "input", "prio": 0, "policy": "accept"}}, \
            {"chain": {"family": "inet", "table": "t16", "name": "c", "handle": 1, "type": "filter", \
            "hook": "input", "prio": -7, "policy": "drop"}}, \
            {"chain": {"family": "inet", "table": "t16", "name": "judge", "handle": 2}}, \
            {"chain": {"family": "bridge", "table": "br", "name": "fw", "handle": 1, "type": "filter", \
            "hook": "forward", "prio": -200, "policy": "accept"}}, \
            {"chain": {"family": "netdev", "table": "nd", "name": "in", "handle": 1, "type": "filter", \
            "hook": "ingress", "dev": "eth0", "prio": 0, "policy": "accept"}}, \
            {"chain": {"family": "arp", "table": "a16", "name": "in", "handle": 1, "type": "filter", \
            "hook": "input", "prio": 0, "policy": "accept"}}]}
            """;

    @Test
    void baseChainsAreParsedAndRegularChainsLeftOut() {
        assertThat(NftBaseChain.parse(NFT_JSON)).containsExactly(
                new NftBaseChain("ip", "filter", "INPUT", "input", 0),
                new NftBaseChain("inet", "t16", "c", "input", -7),
                new NftBaseChain("bridge", "br", "fw", "forward", -200),
                new NftBaseChain("netdev", "nd", "in", "ingress", 0),
                new NftBaseChain("arp", "a16", "in", "input", 0));
    }

    @Test
    void aChainWithoutANumericPriorityIsRefusedNamingIt() {
        assertThatThrownBy(() -> NftBaseChain.parse("{\"chain\": {\"family\": \"ip\", \"hook\": \"input\"}}"))
                .hasMessageContaining("prio").hasMessageContaining("\"family\": \"ip\"");
    }

    @Test
    void inetChainsHookIntoBothFamiliesAndArpBridgeAndNetdevAreReportedUnobserved() {
        RegisteredTables tables = RegisteredTables.combine(NetfilterWay.NETFILTER_LINK,
                NftBaseChain.parse(NFT_JSON), new LegacyTables(List.of(), List.of(), List.of("filter")), List.of());

        assertThat(tables.tables()).containsExactly(
                new NetfilterTable(NetfilterFamily.IPV4, NetfilterHook.INPUT, -7, "t16", "c"),
                new NetfilterTable(NetfilterFamily.IPV4, NetfilterHook.INPUT, 0, "filter", "INPUT"),
                new NetfilterTable(NetfilterFamily.IPV6, NetfilterHook.INPUT, -7, "t16", "c"));
        assertThat(tables.unobserved()).containsExactly("bridge table br chain fw (hook forward)",
                "netdev table nd chain in (hook ingress)", "arp table a16 chain in (hook input)",
                "arptables table filter (legacy)");
    }

    @Test
    void legacyTablesSitAtTheirFixedPrioritiesAndTablesAtOnePlaceAreMerged() {
        RegisteredTables tables = RegisteredTables.combine(NetfilterWay.NETFILTER_LINK,
                List.of(new NftBaseChain("ip", "mine", "pre", "prerouting", -100)),
                new LegacyTables(List.of("nat", "raw"), List.of("filter"), List.of()), List.of());

        assertThat(tables.tables()).containsExactly(
                new NetfilterTable(NetfilterFamily.IPV4, NetfilterHook.PREROUTING, -300, "raw", null),
                new NetfilterTable(NetfilterFamily.IPV4, NetfilterHook.PREROUTING, -100, "mine+nat", "pre"),
                new NetfilterTable(NetfilterFamily.IPV4, NetfilterHook.INPUT, 100, "nat", null),
                new NetfilterTable(NetfilterFamily.IPV4, NetfilterHook.OUTPUT, -300, "raw", null),
                new NetfilterTable(NetfilterFamily.IPV4, NetfilterHook.OUTPUT, -100, "nat", null),
                new NetfilterTable(NetfilterFamily.IPV4, NetfilterHook.POSTROUTING, 100, "nat", null),
                new NetfilterTable(NetfilterFamily.IPV6, NetfilterHook.INPUT, 0, "filter", null),
                new NetfilterTable(NetfilterFamily.IPV6, NetfilterHook.FORWARD, 0, "filter", null),
                new NetfilterTable(NetfilterFamily.IPV6, NetfilterHook.OUTPUT, 0, "filter", null));
    }

    @Test
    void theFunctionWayKeepsEachTableOnItsOwnAndSeesBridgeChains() {
        RegisteredTables tables = RegisteredTables.combine(NetfilterWay.FUNCTION,
                NftBaseChain.parse(NFT_JSON).subList(0, 3).stream().toList(),
                new LegacyTables(List.of("filter"), List.of(), List.of()), List.of());

        assertThat(tables.tables()).containsExactly(
                new NetfilterTable(NetfilterFamily.IPV4, NetfilterHook.INPUT, -7, "t16", "c"),
                new NetfilterTable(NetfilterFamily.IPV4, NetfilterHook.INPUT, 0, "filter", "INPUT"),
                new NetfilterTable(NetfilterFamily.IPV4, NetfilterHook.INPUT, 0, "filter", null),
                new NetfilterTable(NetfilterFamily.IPV4, NetfilterHook.FORWARD, 0, "filter", null),
                new NetfilterTable(NetfilterFamily.IPV4, NetfilterHook.OUTPUT, 0, "filter", null),
                new NetfilterTable(NetfilterFamily.IPV6, NetfilterHook.INPUT, -7, "t16", "c"),
                new NetfilterTable(NetfilterFamily.BRIDGE, NetfilterHook.FORWARD, -200, "br", "fw"));
        assertThat(tables.unobserved()).isEmpty();
    }

    @Test
    void theFunctionWayNamesArpChainsAndLegacyArpTablesAtTheirArpHooks() {
        RegisteredTables tables = RegisteredTables.combine(NetfilterWay.FUNCTION,
                List.of(new NftBaseChain("arp", "a16", "out", "output", -5)),
                new LegacyTables(List.of(), List.of(), List.of("filter")), List.of());

        assertThat(tables.tables()).containsExactly(
                new NetfilterTable(NetfilterFamily.ARP, NetfilterHook.INPUT, 0, "filter", null),
                new NetfilterTable(NetfilterFamily.ARP, NetfilterHook.FORWARD, 0, "filter", null),
                new NetfilterTable(NetfilterFamily.ARP, NetfilterHook.OUTPUT, -5, "a16", "out"),
                new NetfilterTable(NetfilterFamily.ARP, NetfilterHook.OUTPUT, 0, "filter", null));
        // NF_ARP_IN 0, NF_ARP_OUT 1, NF_ARP_FORWARD 2: what the function way's key holds
        assertThat(tables.tables()).extracting(NetfilterTable::hookValue).containsExactly(0, 2, 1, 1);
        assertThat(tables.unobserved()).isEmpty();
    }
}
