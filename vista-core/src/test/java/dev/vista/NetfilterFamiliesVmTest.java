package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.NetfilterEvent;
import dev.vista.event.NetfilterFamily;
import dev.vista.event.NetfilterHook;
import dev.vista.event.NetfilterVerdict;
import dev.vista.event.NetfilterWay;
import dev.vista.netns.NetworkNamespace;
import dev.vista.netns.Testbed;
import dev.vista.netns.VethEnd;
import dev.vista.netns.VethEndSpec;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Netfilter verdicts of ARP and bridge tables, which only the function way sees (the kernel refuses netfilter links
 * at their hooks): an nftables arp table that drops what arrives at the server's ARP input (nft_do_chain), the same
 * with a legacy arptables filter table (arpt_do_table, from the arptables package), and an nftables bridge table on
 * a bridge in a "switch" namespace whose forward chain drops UDP to one port. Runs in the VM.
 */
@Tag("kernel-functions")
class NetfilterFamiliesVmTest {
    private static final String ARP_TABLE = "vista16a";
    private static final String BRIDGE_TABLE = "vista16b";
    private static final int BRIDGE_DROPPED_PORT = 6690;
    private static final int BRIDGE_ALLOWED_PORT = 6691;
    private static final int ETH_P_ARP = 0x0806;
    /** client and server, the server's ARP input dropping everything. */
    @AutoClose
    private static Testbed arp;
    /** client and server, the server's legacy arptables INPUT chain dropping everything. */
    @AutoClose
    private static Testbed arpLegacy;
    /** client - switch - server, the switch bridging its two veths. */
    @AutoClose
    private static Testbed bridged;
    private final EventRecorder<NetfilterEvent> recorder = new EventRecorder<>();
    private Tracer tracer;

    @BeforeAll
    static void createTestbeds() {
        arp = Testbed.builder()
                .veth(VethEndSpec.of("client", "10.231.1.1/24", "fd00:231:1::1/64"),
                        VethEndSpec.of("server", "10.231.1.2/24", "fd00:231:1::2/64"))
                .build();
        arp.namespace("server").addNftTable("arp", ARP_TABLE)
                .addChain("in", "type filter hook input priority 0; policy accept;")
                .addRule("in", "drop");
        arpLegacy = Testbed.builder()
                .veth(VethEndSpec.of("client", "10.233.1.1/24", "fd00:233:1::1/64"),
                        VethEndSpec.of("server", "10.233.1.2/24", "fd00:233:1::2/64"))
                .build();
        arpLegacy.namespace("server").exec("arptables-legacy", "-A", "INPUT", "-j", "DROP").orThrow();
        bridged = Testbed.builder()
                .veth(VethEndSpec.of("client", "10.232.1.1/24", "fd00:232:1::1/64"),
                        VethEndSpec.of("switch", "10.232.8.1/24", "fd00:232:8::1/64"))
                .veth(VethEndSpec.of("switch", "10.232.9.1/24", "fd00:232:9::1/64"),
                        VethEndSpec.of("server", "10.232.1.2/24", "fd00:232:1::2/64"))
                .build();
        NetworkNamespace sw = bridged.namespace("switch");
        sw.exec("ip", "link", "add", "br0", "type", "bridge").orThrow();
        for (VethEnd port : List.of(bridged.veth(0).b(), bridged.veth(1).a())) {
            // A bridge port carries no addresses of its own: the bridge forwards what arrives on it.
            sw.exec("ip", "addr", "flush", "dev", port.ifname()).orThrow();
            sw.exec("ip", "link", "set", port.ifname(), "master", "br0").orThrow();
        }
        sw.exec("ip", "link", "set", "br0", "up").orThrow();
        sw.addNftTable("bridge", BRIDGE_TABLE)
                .addChain("fw", "type filter hook forward priority -5; policy accept;")
                .addRule("fw", "udp dport " + BRIDGE_DROPPED_PORT + " drop");
    }

    @AfterEach
    void closeTracer() throws Exception {
        OurBpfPrograms.closeExpectingNoneLeft(tracer);
    }

    private void start(TracerBuilder builder, NetworkNamespace namespace) {
        tracer = builder.netfilterWay(NetfilterWay.FUNCTION).filterNetns(namespace.path()).onNetfilter(recorder)
                .start();
    }

    @Test
    void anArpRequestDroppedByAnArpTableIsADropAtTheArpInputHookNamingTableAndChain() throws Exception {
        start(Tracer.builder(), arp.namespace("server"));

        // The client does not know the server's MAC yet: the ping asks for it with an ARP request first.
        arp.namespace("client").exec("ping", "-c", "1", "-W", "1", arp.veth(0).b().ipv4().getHostAddress());

        NetfilterEvent drop = recorder.await("the ARP table's DROP", e -> e.verdict() == NetfilterVerdict.DROP);
        assertThat(drop.family()).isEqualTo(NetfilterFamily.ARP);
        assertThat(drop.hook()).isEqualTo(NetfilterHook.INPUT);
        assertThat(drop.table().hookValue()).as("NF_ARP_IN").isZero();
        assertThat(drop.table().table()).isEqualTo(ARP_TABLE);
        assertThat(drop.table().chain()).isEqualTo("in");
        assertThat(drop.way()).isEqualTo(NetfilterWay.FUNCTION);
        assertThat(drop.protocol()).isEqualTo(ETH_P_ARP);
        assertThat(drop.tuple()).as("an ARP packet has no IP tuple").isNull();
        assertThat(drop.ifname()).isEqualTo(arp.veth(0).b().ifname());
        assertThat(drop.netns()).isEqualTo(arp.namespace("server").inode());
        assertThat(drop.dropReason().name()).isEqualTo("NETFILTER_DROP");
        assertThat(drop.costNanos()).isPositive();
        assertThat(recorder.events()).allSatisfy(e -> assertThat(e.family()).isEqualTo(NetfilterFamily.ARP));
    }

    @Test
    void anArpRequestDroppedByALegacyArptablesTableIsADropAtTheArpInputHookOfTheFilterTable() throws Exception {
        start(Tracer.builder(), arpLegacy.namespace("server"));

        arpLegacy.namespace("client").exec("ping", "-c", "1", "-W", "1",
                arpLegacy.veth(0).b().ipv4().getHostAddress());

        NetfilterEvent drop = recorder.await("arptables' DROP", e -> e.verdict() == NetfilterVerdict.DROP);
        assertThat(drop.family()).isEqualTo(NetfilterFamily.ARP);
        assertThat(drop.hook()).isEqualTo(NetfilterHook.INPUT);
        assertThat(drop.table().table()).isEqualTo("filter");
        assertThat(drop.table().chain()).as("x_tables have no chain names in the kernel").isNull();
        assertThat(drop.way()).isEqualTo(NetfilterWay.FUNCTION);
        assertThat(drop.protocol()).isEqualTo(ETH_P_ARP);
        assertThat(drop.ifname()).isEqualTo(arpLegacy.veth(0).b().ifname());
        assertThat(drop.netns()).isEqualTo(arpLegacy.namespace("server").inode());
        assertThat(drop.costNanos()).isPositive();
        assertThat(recorder.events()).allSatisfy(e -> assertThat(e.family()).isEqualTo(NetfilterFamily.ARP));
    }

    @Test
    void aBridgeTablesForwardChainDropsExactlyTheUdpPortItNamesAndAcceptsTheRest() throws Exception {
        start(Tracer.builder().filterProtocol(Protocol.UDP), bridged.namespace("switch"));

        Traffic.sendUdp(bridged.namespace("client"), bridged.veth(1).b().ipv4(), BRIDGE_ALLOWED_PORT);
        Traffic.sendUdp(bridged.namespace("client"), bridged.veth(1).b().ipv4(), BRIDGE_DROPPED_PORT);

        NetfilterEvent drop = recorder.await("the bridge table's DROP", e -> e.verdict() == NetfilterVerdict.DROP);
        NetfilterEvent accept = recorder.await("the bridge table's ACCEPT of the other port",
                e -> e.verdict() == NetfilterVerdict.ACCEPT);
        for (NetfilterEvent e : List.of(drop, accept)) {
            assertThat(e.family()).isEqualTo(NetfilterFamily.BRIDGE);
            assertThat(e.hook()).isEqualTo(NetfilterHook.FORWARD);
            assertThat(e.table().table()).isEqualTo(BRIDGE_TABLE);
            assertThat(e.table().chain()).isEqualTo("fw");
            assertThat(e.table().priority()).isEqualTo(-5);
            assertThat(e.netns()).isEqualTo(bridged.namespace("switch").inode());
            assertThat(e.tuple().source()).isEqualTo(bridged.veth(0).a().ipv4());
            assertThat(e.tuple().destination()).isEqualTo(bridged.veth(1).b().ipv4());
        }
        assertThat(drop.tuple().destinationPort()).isEqualTo(BRIDGE_DROPPED_PORT);
        assertThat(drop.dropReason().name()).isEqualTo("NETFILTER_DROP");
        assertThat(accept.tuple().destinationPort()).isEqualTo(BRIDGE_ALLOWED_PORT);
        assertThat(recorder.events()).filteredOn(e -> e.verdict() == NetfilterVerdict.DROP)
                .allSatisfy(e -> assertThat(e.tuple().destinationPort()).isEqualTo(BRIDGE_DROPPED_PORT));
        assertThat(recorder.events()).filteredOn(e -> e.verdict() != NetfilterVerdict.DROP)
                .allSatisfy(e -> assertThat(e.tuple().destinationPort()).isEqualTo(BRIDGE_ALLOWED_PORT));
    }
}
