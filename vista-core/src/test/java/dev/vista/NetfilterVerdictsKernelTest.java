package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.event.NetfilterEvent;
import dev.vista.event.NetfilterFamily;
import dev.vista.event.NetfilterHook;
import dev.vista.event.NetfilterVerdict;
import dev.vista.event.NetfilterWay;
import dev.vista.netns.NftTable;
import dev.vista.netns.Testbed;
import dev.vista.netns.VethEnd;
import dev.vista.netns.VethEndSpec;
import java.net.InetAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Netfilter verdicts through netfilter BPF links on the real kernel: iptables (Debian's, the nft backend),
 * ip6tables and an nftables table of the test's own in the server's namespace, traffic from a client
 * namespace, and the verdicts, tables, hooks and costs that came back.
 */
@Tag("kernel")
class NetfilterVerdictsKernelTest {
    private static final int DROPPED_PORT = 6666;
    private static final int ALLOWED_PORT = 6667;
    private static final int PUBLISHED_PORT = 6668;
    private static final int REAL_PORT = 6669;
    private static final int NFT_DROPPED_PORT = 6670;
    private static final int NFT_PRIORITY = 7;
    private static final int FORWARD_DROPPED_PORT = 6671;
    @AutoClose
    private static Testbed bed;
    /** client - router - server, the router forwarding between two subnets. */
    @AutoClose
    private static Testbed routed;
    /** Goes with the server's namespace when the testbed closes. */
    private static NftTable ownTable;
    private static VethEnd client;
    private static VethEnd server;
    private static InetAddress realAddress;
    private final EventRecorder<NetfilterEvent> recorder = new EventRecorder<>();
    private Tracer tracer;

    @BeforeAll
    static void createTestbed() throws Exception {
        bed = Testbed.builder()
                .veth(VethEndSpec.of("client", "10.226.1.1/24", "fd00:226:1::1/64"),
                        VethEndSpec.of("server", "10.226.1.2/24", "fd00:226:1::2/64"))
                .build();
        client = bed.veth(0).a();
        server = bed.veth(0).b();
        server.namespace().iptables("-A", "INPUT", "-p", "udp", "--dport", String.valueOf(DROPPED_PORT), "-j", "DROP")
                .orThrow();
        server.namespace().exec("ip6tables", "-A", "INPUT", "-p", "udp", "--dport", String.valueOf(DROPPED_PORT),
                "-j", "DROP").orThrow();
        realAddress = InetAddress.getByName("10.226.9.9");
        Traffic.dnat(server.namespace(), server.ipv4(), PUBLISHED_PORT, realAddress, REAL_PORT);
        ownTable = server.namespace().addNftTable("inet", "vista16")
                .addChain("in", "type filter hook input priority " + NFT_PRIORITY + "; policy accept;")
                .addChain("judge", "")
                .addRule("in", "udp dport " + NFT_DROPPED_PORT + " jump judge")
                .addRule("judge", "drop");
        routed = Testbed.builder()
                .veth(VethEndSpec.of("client", "10.227.1.1/24", "fd00:227:1::1/64"),
                        VethEndSpec.of("router", "10.227.1.2/24", "fd00:227:1::2/64"))
                .veth(VethEndSpec.of("router", "10.227.2.1/24", "fd00:227:2::1/64"),
                        VethEndSpec.of("server", "10.227.2.2/24", "fd00:227:2::2/64"))
                .build();
        routed.namespace("router").exec("sysctl", "-qw", "net.ipv4.ip_forward=1").orThrow();
        routed.namespace("client").exec("ip", "route", "add", "10.227.2.0/24", "via", "10.227.1.2").orThrow();
        routed.namespace("server").exec("ip", "route", "add", "10.227.1.0/24", "via", "10.227.2.1").orThrow();
        routed.namespace("router").iptables("-A", "FORWARD", "-p", "udp", "--dport",
                String.valueOf(FORWARD_DROPPED_PORT), "-j", "DROP").orThrow();
    }

    @AfterEach
    void closeTracer() throws Exception {
        OurBpfPrograms.closeExpectingNoneLeft(tracer);
    }

    private void startInServer(TracerBuilder builder) {
        tracer = builder.traceNetfilter().filterNetns(server.namespace().path()).onNetfilter(recorder).start();
    }

    @Test
    void aDropRuleInTheServersInputIsADropOfTheFilterTableAtInputWithItsCost() throws Exception {
        startInServer(Tracer.builder().filterProtocol(Protocol.UDP).filterPort(DROPPED_PORT));

        Traffic.sendUdp(client.namespace(), server.ipv4(), DROPPED_PORT);

        NetfilterEvent drop = recorder.await("a DROP by filter/INPUT", e -> e.verdict() == NetfilterVerdict.DROP);
        assertThat(drop.table().table()).isEqualTo("filter");
        assertThat(drop.table().chain()).isEqualTo("INPUT");
        assertThat(drop.hook()).isEqualTo(NetfilterHook.INPUT);
        assertThat(drop.family()).isEqualTo(NetfilterFamily.IPV4);
        assertThat(drop.table().priority()).isZero();
        assertThat(drop.way()).isEqualTo(NetfilterWay.NETFILTER_LINK);
        assertThat(drop.costNanos()).isPositive().isLessThan(1_000_000_000L);
        assertThat(drop.dropReason().name()).isEqualTo("NETFILTER_DROP");
        assertThat(drop.netns()).isEqualTo(server.namespace().inode());
        assertThat(drop.tuple().source()).isEqualTo(client.ipv4());
        assertThat(drop.tuple().destination()).isEqualTo(server.ipv4());
        assertThat(drop.tuple().destinationPort()).isEqualTo(DROPPED_PORT);
        // The tables before filter let it pass; nat at INPUT (priority 100) runs after filter and never saw it.
        assertThat(recorder.events()).filteredOn(e -> e.skb() == drop.skb() && e != drop)
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.verdict()).isEqualTo(NetfilterVerdict.ACCEPT))
                .noneMatch(e -> e.hook() == NetfilterHook.INPUT && e.table().priority() > 0);
    }

    @Test
    void anAllowedPortIsAcceptedByEveryTableItPasses() throws Exception {
        startInServer(Tracer.builder().filterProtocol(Protocol.UDP).filterPort(ALLOWED_PORT));

        Traffic.sendUdp(client.namespace(), server.ipv4(), ALLOWED_PORT);

        NetfilterEvent filter = recorder.await("filter/INPUT's verdict",
                e -> e.table().table().equals("filter") && e.hook() == NetfilterHook.INPUT);
        assertThat(filter.verdict()).isEqualTo(NetfilterVerdict.ACCEPT);
        assertThat(filter.costNanos()).isPositive();
        NetfilterEvent natPrerouting = recorder.await("nat/PREROUTING's verdict",
                e -> e.table().table().equals("nat") && e.hook() == NetfilterHook.PREROUTING);
        assertThat(natPrerouting.verdict()).isEqualTo(NetfilterVerdict.ACCEPT);
        assertThat(natPrerouting.skb()).isEqualTo(filter.skb());
        assertThat(natPrerouting.timestampNs()).isLessThan(filter.timestampNs());
    }

    @Test
    void aDnatRuleIsAnAcceptOfNatPreroutingWithTheTupleBeforeAndAfter() throws Exception {
        startInServer(Tracer.builder().filterProtocol(Protocol.UDP).filterPort(PUBLISHED_PORT));

        Traffic.sendUdp(client.namespace(), server.ipv4(), PUBLISHED_PORT);

        NetfilterEvent dnat = recorder.await("nat/PREROUTING's verdict",
                e -> e.table().table().equals("nat") && e.hook() == NetfilterHook.PREROUTING);
        assertThat(dnat.verdict()).isEqualTo(NetfilterVerdict.ACCEPT);
        assertThat(dnat.table().priority()).isEqualTo(-100);
        assertThat(dnat.tupleBefore().destination()).isEqualTo(server.ipv4());
        assertThat(dnat.tupleBefore().destinationPort()).isEqualTo(PUBLISHED_PORT);
        assertThat(dnat.tuple().destination()).isEqualTo(realAddress);
        assertThat(dnat.tuple().destinationPort()).isEqualTo(REAL_PORT);
        assertThat(dnat.tuple().source()).isEqualTo(dnat.tupleBefore().source());
    }

    @Test
    void ip6tablesDropIsADropOfTheIpv6FilterTable() throws Exception {
        startInServer(Tracer.builder().filterProtocol(Protocol.UDP).filterPort(DROPPED_PORT));

        Traffic.sendUdp(client.namespace(), server.ipv6(), DROPPED_PORT);

        NetfilterEvent drop = recorder.await("an IPv6 DROP", e -> e.verdict() == NetfilterVerdict.DROP);
        assertThat(drop.family()).isEqualTo(NetfilterFamily.IPV6);
        assertThat(drop.table().table()).isEqualTo("filter");
        assertThat(drop.hook()).isEqualTo(NetfilterHook.INPUT);
        assertThat(drop.tuple().destination()).isEqualTo(server.ipv6());
        assertThat(drop.protocol()).isEqualTo(0x86dd);
    }

    @Test
    void aDropInTheRoutersForwardChainIsADropOfTheFilterTableAtForward() throws Exception {
        tracer = Tracer.builder().traceNetfilter().filterNetns(routed.namespace("router").path())
                .filterProtocol(Protocol.UDP).filterPort(FORWARD_DROPPED_PORT).onNetfilter(recorder).start();

        Traffic.sendUdp(routed.namespace("client"), routed.veth(1).b().ipv4(), FORWARD_DROPPED_PORT);

        NetfilterEvent drop = recorder.await("a DROP in the router", e -> e.verdict() == NetfilterVerdict.DROP);
        assertThat(drop.hook()).isEqualTo(NetfilterHook.FORWARD);
        assertThat(drop.table().table()).isEqualTo("filter");
        assertThat(drop.table().chain()).isEqualTo("FORWARD");
        assertThat(drop.netns()).isEqualTo(routed.namespace("router").inode());
        assertThat(drop.tuple().destination()).isEqualTo(routed.veth(1).b().ipv4());
    }

    @Test
    void oneTracerObservesTheTablesOfSeveralNamespaces() throws Exception {
        tracer = Tracer.builder().traceNetfilterIn(server.namespace().path(), routed.namespace("router").path(),
                server.namespace().path()).filterProtocol(Protocol.UDP).onNetfilter(recorder).start();

        Traffic.sendUdp(client.namespace(), server.ipv4(), DROPPED_PORT);
        Traffic.sendUdp(routed.namespace("client"), routed.veth(1).b().ipv4(), FORWARD_DROPPED_PORT);

        NetfilterEvent input = recorder.await("the server's DROP",
                e -> e.verdict() == NetfilterVerdict.DROP && e.hook() == NetfilterHook.INPUT);
        NetfilterEvent forward = recorder.await("the router's DROP",
                e -> e.verdict() == NetfilterVerdict.DROP && e.hook() == NetfilterHook.FORWARD);
        assertThat(input.netns()).isEqualTo(server.namespace().inode());
        assertThat(forward.netns()).isEqualTo(routed.namespace("router").inode());
        // The server's namespace, named twice, is observed once: one verdict per table and packet.
        assertThat(recorder.events()).filteredOn(e -> e.skb() == input.skb() && e.table().equals(input.table()))
                .hasSize(1);
    }

    @Test
    void aPcapFilterAppliesToVerdicts() throws Exception {
        startInServer(Tracer.builder().filter("udp dst port " + ALLOWED_PORT));

        Traffic.sendUdp(client.namespace(), server.ipv4(), DROPPED_PORT);
        Traffic.sendUdp(client.namespace(), server.ipv4(), ALLOWED_PORT);

        recorder.await("filter/INPUT's ACCEPT of the allowed port",
                e -> e.table().table().equals("filter") && e.hook() == NetfilterHook.INPUT);
        assertThat(recorder.events()).isNotEmpty()
                .allSatisfy(e -> assertThat(e.tupleBefore().destinationPort()).isEqualTo(ALLOWED_PORT));
    }

    @Test
    void aNamespaceNoFileNamesIsRefusedBeforeAnythingIsLoaded() throws Exception {
        long unnamed = 0xffff_fff0L;
        assertThatThrownBy(() -> Tracer.builder().traceNetfilter().filterNetns(unnamed).onNetfilter(recorder).start())
                .isInstanceOf(InvalidPlanException.class)
                .hasMessageContaining("network namespace " + unnamed)
                .hasMessageContaining("per namespace");
    }

    /** This kernel has no kprobes: the function way asked for fails naming them and the link way; nothing is left. */
    @Test
    void theFunctionWayAskedForWithoutKprobesFailsNamingBothWaysAndLeavesNothingAttached() throws Exception {
        assertThatThrownBy(() -> Tracer.builder().netfilterWay(NetfilterWay.FUNCTION).onNetfilter(recorder).start())
                .isInstanceOf(KernelFeatureException.class)
                .hasMessageContaining("kprobes").hasMessageContaining("nft_do_chain")
                .hasMessageContaining("NetfilterWay.NETFILTER_LINK");
        assertThat(OurBpfPrograms.awaitNone()).isEmpty();
    }

    @Test
    void probingChoosesTheLinkWayWhereKprobesDoNotWork() throws Exception {
        startInServer(Tracer.builder().filterProtocol(Protocol.UDP).filterPort(ALLOWED_PORT));

        Traffic.sendUdp(client.namespace(), server.ipv4(), ALLOWED_PORT);

        assertThat(recorder.await("a verdict", e -> true).way()).isEqualTo(NetfilterWay.NETFILTER_LINK);
    }

    @Test
    void aDropInARegularChainJumpedToIsADropOfTheBaseChainAtItsCustomPriority() throws Exception {
        startInServer(Tracer.builder().filterProtocol(Protocol.UDP).filterPort(NFT_DROPPED_PORT));

        Traffic.sendUdp(client.namespace(), server.ipv4(), NFT_DROPPED_PORT);

        NetfilterEvent drop = recorder.await("a DROP", e -> e.verdict() == NetfilterVerdict.DROP);
        assertThat(drop.table().table()).isEqualTo("vista16");
        assertThat(drop.table().chain()).isEqualTo("in");
        assertThat(drop.table().priority()).isEqualTo(NFT_PRIORITY);
        assertThat(drop.hook()).isEqualTo(NetfilterHook.INPUT);
        NetfilterEvent filter = recorder.await("filter/INPUT's verdict, before vista16's",
                e -> e.table().table().equals("filter") && e.hook() == NetfilterHook.INPUT);
        assertThat(filter.verdict()).isEqualTo(NetfilterVerdict.ACCEPT);
        assertThat(filter.skb()).isEqualTo(drop.skb());
    }
}
