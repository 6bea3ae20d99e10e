package dev.vista.assertj;

import static dev.vista.assertj.NetfilterSpec.netfilter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.NetfilterEvent;
import dev.vista.event.NetfilterFamily;
import dev.vista.event.NetfilterHook;
import dev.vista.event.NetfilterTable;
import dev.vista.event.NetfilterVerdict;
import dev.vista.event.NetfilterWay;
import org.junit.jupiter.api.Test;

/** Which verdicts a netfilter spec means: by table, chain, hook and family, ARP's hooks among them. */
class NetfilterSpecTest {
    private static NetfilterEvent verdict(NetfilterFamily family, NetfilterHook hook, String table, String chain) {
        return NetfilterEvent.builder().table(new NetfilterTable(family, hook, 0, table, chain))
                .verdict(NetfilterVerdict.DROP).way(NetfilterWay.FUNCTION).build();
    }

    @Test
    void anArpTablesVerdictMatchesItsFamilyAndArpHook() {
        NetfilterEvent arp = verdict(NetfilterFamily.ARP, NetfilterHook.INPUT, "vista16a", "in");
        NetfilterSpec spec = netfilter().family(NetfilterFamily.ARP).hook(NetfilterHook.INPUT).table("vista16a");

        assertThat(spec.matches(arp)).isTrue();
        assertThat(spec.matches(verdict(NetfilterFamily.IPV4, NetfilterHook.INPUT, "vista16a", "in"))).isFalse();
        assertThat(spec.matches(verdict(NetfilterFamily.ARP, NetfilterHook.OUTPUT, "vista16a", "out"))).isFalse();
        assertThat(spec).hasToString("netfilter table vista16a at INPUT (PF_ARP)");
    }

    @Test
    void tablesRunAsOneMatchByEachNameAndAChainOnlyNftVerdicts() {
        NetfilterEvent merged = verdict(NetfilterFamily.BRIDGE, NetfilterHook.FORWARD, "filter+br", "FORWARD+fw");

        assertThat(netfilter().table("br").chain("fw").matches(merged)).isTrue();
        assertThat(netfilter().table("b").matches(merged)).isFalse();
        assertThat(netfilter().chain("fw").matches(verdict(NetfilterFamily.IPV4, NetfilterHook.INPUT, "filter",
                null))).isFalse();
    }
}
