package dev.vista.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.Output;
import dev.vista.event.DropReason;
import dev.vista.event.NetfilterEvent;
import dev.vista.event.NetfilterFamily;
import dev.vista.event.NetfilterHook;
import dev.vista.event.NetfilterTable;
import dev.vista.event.NetfilterVerdict;
import dev.vista.event.NetfilterWay;
import dev.vista.event.Tuple;
import java.net.InetAddress;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** vista's line for a netfilter verdict (VistaLineFormatter with NetfilterText). */
class NetfilterLinesTest {
    private static final Tuple PUBLISHED = udp("10.0.0.1", 40000, "10.0.0.2", 6668);
    private static final Tuple REAL = udp("10.0.0.1", 40000, "10.9.9.9", 6669);

    private static Tuple udp(String source, int sourcePort, String destination, int destinationPort) {
        return new Tuple(InetAddress.ofLiteral(source), InetAddress.ofLiteral(destination), sourcePort,
                destinationPort, Tuple.IPPROTO_UDP, 0, 0, 0, 0, 0);
    }

    private static NetfilterEvent.Builder verdict(NetfilterTable table, NetfilterVerdict verdict, long costNanos) {
        return NetfilterEvent.builder().timestampNs(1).skb(0xffff888104b3e200L).cpu(1).pid(0).comm("swapper/1")
                .netns(4026532467L).mark(0x2a).ifindex(2).ifname("veth0b").len(29).protocol(0x0800).table(table)
                .verdict(verdict).way(NetfilterWay.NETFILTER_LINK).costNanos(costNanos).tuple(PUBLISHED)
                .tupleBefore(PUBLISHED);
    }

    private static String line(Set<Output> outputs, NetfilterEvent event) {
        return new VistaLineFormatter(outputs, TimestampMode.NONE, ZoneOffset.UTC).append(event, new StringBuilder())
                .toString();
    }

    @Test
    void aDropOfAnIptablesTableIsPrintedAsVistaDoes() {
        NetfilterEvent drop = verdict(new NetfilterTable(NetfilterFamily.IPV4, NetfilterHook.INPUT, 0, "filter", null),
                NetfilterVerdict.DROP, 5_940).dropReason(new DropReason(12, DropReason.NETFILTER_DROP)).build();

        assertThat(line(EnumSet.noneOf(Output.class), drop)).isEqualTo(
                "0xffff888104b3e200      1   [swapper/1(0)]                netfilter pf=PF_INET table=filter "
                        + "hook=INPUT verdict=DROP cost=5.9µs\n");
    }

    @Test
    void metaAndTupleAddTheirPartsAndANatTableItsTupleBefore() {
        NetfilterEvent dnat = verdict(new NetfilterTable(NetfilterFamily.IPV4, NetfilterHook.PREROUTING, -100, "nat",
                "PREROUTING"), NetfilterVerdict.ACCEPT, 1_204_400).tuple(REAL).build();

        assertThat(line(EnumSet.of(Output.META, Output.TUPLE), dnat)).endsWith(" netfilter netns=4026532467 mark=0x2a "
                + "iface=2(veth0b) len=29 10.0.0.1:40000->10.9.9.9:6669(udp) pf=PF_INET table=nat chain=PREROUTING "
                + "hook=PREROUTING verdict=ACCEPT cost=1.204ms before=10.0.0.1:40000->10.0.0.2:6668(udp)\n");
    }

    @Test
    void costsRoundToATenthOfAMicrosecondBelowAMillisecondAndToAMicrosecondAbove() {
        assertThat(NetfilterText.appendCost(0, new StringBuilder())).hasToString("0.0µs");
        assertThat(NetfilterText.appendCost(449, new StringBuilder())).hasToString("0.4µs");
        assertThat(NetfilterText.appendCost(450, new StringBuilder())).hasToString("0.5µs");
        assertThat(NetfilterText.appendCost(999_949, new StringBuilder())).hasToString("999.9µs");
        assertThat(NetfilterText.appendCost(999_950, new StringBuilder())).hasToString("1.000ms");
        assertThat(NetfilterText.appendCost(1_000_000, new StringBuilder())).hasToString("1.000ms");
        assertThat(NetfilterText.appendCost(12_345_678, new StringBuilder())).hasToString("12.346ms");
    }

    @Test
    void skbtracerLinesNameTheFunctionThatRanTheTableWhenTheFunctionWaySawIt() {
        NetfilterTable legacy = new NetfilterTable(NetfilterFamily.IPV4, NetfilterHook.INPUT, 0, "filter", null);
        NetfilterTable legacy6 = new NetfilterTable(NetfilterFamily.IPV6, NetfilterHook.INPUT, 0, "filter", null);
        NetfilterTable nft = new NetfilterTable(NetfilterFamily.IPV4, NetfilterHook.INPUT, 0, "filter", "INPUT");
        SkbtracerFormat format = new SkbtracerFormat(ZoneOffset.UTC, true);

        assertThat(format.append(verdict(legacy, NetfilterVerdict.DROP, 1).way(NetfilterWay.FUNCTION).build(),
                new StringBuilder()).toString()).endsWith(".filter.INPUT.DROP ipt_do_table\n");
        assertThat(format.append(verdict(legacy6, NetfilterVerdict.DROP, 1).way(NetfilterWay.FUNCTION).build(),
                new StringBuilder()).toString()).endsWith(" ip6t_do_table\n");
        assertThat(format.append(verdict(nft, NetfilterVerdict.ACCEPT, 1).way(NetfilterWay.FUNCTION).build(),
                new StringBuilder()).toString()).endsWith(".filter.INPUT.ACCEPT nft_do_chain\n");
        assertThat(format.append(verdict(nft, NetfilterVerdict.ACCEPT, 1).build(), new StringBuilder()).toString())
                .endsWith(" netfilter\n");
    }

    @Test
    void anArpTablesVerdictNamesItsFamilyAndArpHookWithoutATuple() {
        NetfilterEvent drop = verdict(new NetfilterTable(NetfilterFamily.ARP, NetfilterHook.INPUT, 0, "vista16a", "in"),
                NetfilterVerdict.DROP, 2_000).protocol(0x0806).tuple(null).tupleBefore(null)
                .way(NetfilterWay.FUNCTION).build();
        NetfilterEvent legacy = verdict(new NetfilterTable(NetfilterFamily.ARP, NetfilterHook.OUTPUT, 0, "filter",
                null), NetfilterVerdict.ACCEPT, 1).protocol(0x0806).way(NetfilterWay.FUNCTION).build();

        assertThat(line(EnumSet.noneOf(Output.class), drop)).endsWith(
                " netfilter pf=PF_ARP table=vista16a chain=in hook=INPUT verdict=DROP cost=2.0µs\n");
        assertThat(new SkbtracerFormat(ZoneOffset.UTC, true).append(legacy, new StringBuilder()).toString())
                .endsWith(":3.filter.OUTPUT.ACCEPT arpt_do_table\n");
    }
}
