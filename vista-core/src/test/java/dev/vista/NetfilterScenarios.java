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
import java.net.InetAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The netfilter scenarios of issue 16, which each way must get right on a kernel that has it: a DROP in the
 * server's INPUT with its cost, an allowed port accepted, a DNAT with the tuple before and after, ip6tables, an
 * nftables table of its own at a custom priority whose drop is in a regular chain jumped to, and the FORWARD hook
 * of a router namespace. A subclass names the way, the commands that write the iptables rules and the subnets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NetfilterScenarios {
    static final int DROPPED_PORT = 6666;
    static final int ALLOWED_PORT = 6667;
    static final int PUBLISHED_PORT = 6668;
    static final int REAL_PORT = 6669;
    static final int NFT_DROPPED_PORT = 6670;
    static final int FORWARD_DROPPED_PORT = 6671;
    static final String NFT_TABLE = "vista16";
    private static final int NFT_PRIORITY = 7;

    /**
     * The commands that write the iptables rules: Debian's iptables (nftables underneath: its tables are base
     * chains named INPUT, ..., run by nft_do_chain) or iptables-legacy (x_tables: ipt_do_table, no chain).
     */
    record Iptables(String ipv4, String ipv6, boolean nftBackend) {
        static final Iptables NFT = new Iptables("iptables", "ip6tables", true);
        static final Iptables LEGACY = new Iptables("iptables-legacy", "ip6tables-legacy", false);

        /** The chain a verdict of the iptables table at {@code hook} names. */
        String chain(NetfilterHook hook) {
            return nftBackend ? hook.name() : null;
        }
    }

    final NetfilterWay way;
    final Iptables iptables;
    private final int subnet;
    @AutoClose
    Testbed bed;
    /** client - router - server, the router forwarding between two subnets. */
    @AutoClose
    Testbed routed;
    VethEnd client;
    VethEnd server;
    private InetAddress realAddress;
    EventRecorder<NetfilterEvent> recorder;
    Tracer tracer;

    /** @param subnet the test beds use 10.subnet.0.0/16 and 10.(subnet + 1).0.0/16 (and fd00:subnet::, ...) */
    NetfilterScenarios(NetfilterWay way, Iptables iptables, int subnet) {
        this.way = way;
        this.iptables = iptables;
        this.subnet = subnet;
    }

    @BeforeAll
    void createTestbeds() throws Exception {
        int s = subnet;
        bed = Testbed.builder()
                .veth(VethEndSpec.of("client", "10." + s + ".1.1/24", "fd00:" + s + ":1::1/64"),
                        VethEndSpec.of("server", "10." + s + ".1.2/24", "fd00:" + s + ":1::2/64"))
                .build();
        client = bed.veth(0).a();
        server = bed.veth(0).b();
        server.namespace().exec(iptables.ipv4(), "-A", "INPUT", "-p", "udp", "--dport", String.valueOf(DROPPED_PORT),
                "-j", "DROP").orThrow();
        server.namespace().exec(iptables.ipv6(), "-A", "INPUT", "-p", "udp", "--dport", String.valueOf(DROPPED_PORT),
                "-j", "DROP").orThrow();
        realAddress = InetAddress.getByName("10." + s + ".9.9");
        Traffic.dnat(server.namespace(), iptables.ipv4(), server.ipv4(), PUBLISHED_PORT, realAddress, REAL_PORT);
        // Goes with the server's namespace when the test bed closes.
        server.namespace().addNftTable("inet", NFT_TABLE)
                .addChain("in", "type filter hook input priority " + NFT_PRIORITY + "; policy accept;")
                .addChain("judge", "")
                .addRule("in", "udp dport " + NFT_DROPPED_PORT + " jump judge")
                .addRule("judge", "drop");
        int r = subnet + 1;
        routed = Testbed.builder()
                .veth(VethEndSpec.of("client", "10." + r + ".1.1/24", "fd00:" + r + ":1::1/64"),
                        VethEndSpec.of("router", "10." + r + ".1.2/24", "fd00:" + r + ":1::2/64"))
                .veth(VethEndSpec.of("router", "10." + r + ".2.1/24", "fd00:" + r + ":2::1/64"),
                        VethEndSpec.of("server", "10." + r + ".2.2/24", "fd00:" + r + ":2::2/64"))
                .build();
        routed.namespace("router").exec("sysctl", "-qw", "net.ipv4.ip_forward=1").orThrow();
        routed.namespace("client").exec("ip", "route", "add", "10." + r + ".2.0/24", "via", "10." + r + ".1.2")
                .orThrow();
        routed.namespace("server").exec("ip", "route", "add", "10." + r + ".1.0/24", "via", "10." + r + ".2.1")
                .orThrow();
        routed.namespace("router").exec(iptables.ipv4(), "-A", "FORWARD", "-p", "udp", "--dport",
                String.valueOf(FORWARD_DROPPED_PORT), "-j", "DROP").orThrow();
    }

    @BeforeEach
    void newRecorder() {
        recorder = new EventRecorder<>();
    }

    @AfterEach
    void closeTracer() throws Exception {
        OurBpfPrograms.closeExpectingNoneLeft(tracer);
        tracer = null;
    }

    /** A tracer of the verdicts about UDP to {@code port} in {@code namespace}, through {@code through}. */
    static Tracer start(NetfilterWay through, NetworkNamespace namespace, int port,
            EventRecorder<NetfilterEvent> into) {
        return Tracer.builder().filterProtocol(Protocol.UDP).filterPort(port).netfilterWay(through)
                .filterNetns(namespace.path()).onNetfilter(into).start();
    }

    /** Sends what the scenario about {@code port} sends (a port of this class; the FORWARD one through the router). */
    void send(int port) throws Exception {
        if (port == FORWARD_DROPPED_PORT) {
            Traffic.sendUdp(routed.namespace("client"), routed.veth(1).b().ipv4(), port);
        } else {
            Traffic.sendUdp(client.namespace(), server.ipv4(), port);
        }
    }

    private void startInServer(int port) {
        tracer = start(way, server.namespace(), port, recorder);
    }

    @Test
    void aDropRuleInTheServersInputIsADropOfTheFilterTableAtInputWithItsCost() throws Exception {
        startInServer(DROPPED_PORT);

        send(DROPPED_PORT);

        NetfilterEvent drop = recorder.await("a DROP by filter/INPUT", e -> e.verdict() == NetfilterVerdict.DROP);
        assertThat(drop.table().table()).isEqualTo("filter");
        assertThat(drop.table().chain()).isEqualTo(iptables.chain(NetfilterHook.INPUT));
        assertThat(drop.hook()).isEqualTo(NetfilterHook.INPUT);
        assertThat(drop.family()).isEqualTo(NetfilterFamily.IPV4);
        assertThat(drop.table().priority()).isZero();
        assertThat(drop.way()).isEqualTo(way);
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
        startInServer(ALLOWED_PORT);

        send(ALLOWED_PORT);

        NetfilterEvent filter = recorder.await("filter/INPUT's verdict",
                e -> e.table().table().equals("filter") && e.hook() == NetfilterHook.INPUT);
        assertThat(filter.verdict()).isEqualTo(NetfilterVerdict.ACCEPT);
        assertThat(filter.costNanos()).isPositive();
        NetfilterEvent natPrerouting = recorder.await("nat/PREROUTING's verdict",
                e -> e.table().table().equals("nat") && e.hook() == NetfilterHook.PREROUTING);
        assertThat(natPrerouting.verdict()).isEqualTo(NetfilterVerdict.ACCEPT);
        assertThat(natPrerouting.skb()).isEqualTo(filter.skb());
        assertThat(natPrerouting.timestampNs()).isLessThan(filter.timestampNs());
        NetfilterEvent own = recorder.await("the nft chain's verdict", e -> e.table().table().equals(NFT_TABLE));
        assertThat(own.verdict()).isEqualTo(NetfilterVerdict.ACCEPT);
        assertThat(own.skb()).isEqualTo(filter.skb());
    }

    @Test
    void aDnatRuleIsAnAcceptOfNatPreroutingWithTheTupleBeforeAndAfter() throws Exception {
        startInServer(PUBLISHED_PORT);

        send(PUBLISHED_PORT);

        NetfilterEvent dnat = recorder.await("nat/PREROUTING's verdict",
                e -> e.table().table().equals("nat") && e.hook() == NetfilterHook.PREROUTING);
        assertThat(dnat.verdict()).isEqualTo(NetfilterVerdict.ACCEPT);
        assertThat(dnat.table().priority()).isEqualTo(-100);
        assertThat(dnat.table().chain()).isEqualTo(iptables.chain(NetfilterHook.PREROUTING));
        assertThat(dnat.tupleBefore().destination()).isEqualTo(server.ipv4());
        assertThat(dnat.tupleBefore().destinationPort()).isEqualTo(PUBLISHED_PORT);
        assertThat(dnat.tuple().destination()).isEqualTo(realAddress);
        assertThat(dnat.tuple().destinationPort()).isEqualTo(REAL_PORT);
        assertThat(dnat.tuple().source()).isEqualTo(dnat.tupleBefore().source());
    }

    @Test
    void ip6tablesDropIsADropOfTheIpv6FilterTable() throws Exception {
        startInServer(DROPPED_PORT);

        Traffic.sendUdp(client.namespace(), server.ipv6(), DROPPED_PORT);

        NetfilterEvent drop = recorder.await("an IPv6 DROP", e -> e.verdict() == NetfilterVerdict.DROP);
        assertThat(drop.family()).isEqualTo(NetfilterFamily.IPV6);
        assertThat(drop.table().table()).isEqualTo("filter");
        assertThat(drop.table().chain()).isEqualTo(iptables.chain(NetfilterHook.INPUT));
        assertThat(drop.hook()).isEqualTo(NetfilterHook.INPUT);
        assertThat(drop.tuple().destination()).isEqualTo(server.ipv6());
        assertThat(drop.protocol()).isEqualTo(0x86dd);
    }

    @Test
    void aDropInTheRoutersForwardChainIsADropOfTheFilterTableAtForward() throws Exception {
        tracer = start(way, routed.namespace("router"), FORWARD_DROPPED_PORT, recorder);

        send(FORWARD_DROPPED_PORT);

        NetfilterEvent drop = recorder.await("a DROP in the router", e -> e.verdict() == NetfilterVerdict.DROP);
        assertThat(drop.hook()).isEqualTo(NetfilterHook.FORWARD);
        assertThat(drop.table().table()).isEqualTo("filter");
        assertThat(drop.table().chain()).isEqualTo(iptables.chain(NetfilterHook.FORWARD));
        assertThat(drop.netns()).isEqualTo(routed.namespace("router").inode());
        assertThat(drop.tuple().destination()).isEqualTo(routed.veth(1).b().ipv4());
    }

    @Test
    void aDropInARegularChainJumpedToIsADropOfTheBaseChainAtItsCustomPriority() throws Exception {
        startInServer(NFT_DROPPED_PORT);

        send(NFT_DROPPED_PORT);

        NetfilterEvent drop = recorder.await("a DROP", e -> e.verdict() == NetfilterVerdict.DROP);
        assertThat(drop.table().table()).isEqualTo(NFT_TABLE);
        assertThat(drop.table().chain()).isEqualTo("in");
        assertThat(drop.table().priority()).isEqualTo(NFT_PRIORITY);
        assertThat(drop.hook()).isEqualTo(NetfilterHook.INPUT);
        assertThat(drop.dropReason().name()).isEqualTo("NETFILTER_DROP");
        NetfilterEvent filter = recorder.await("filter/INPUT's verdict, before " + NFT_TABLE + "'s",
                e -> e.table().table().equals("filter") && e.hook() == NetfilterHook.INPUT);
        assertThat(filter.verdict()).isEqualTo(NetfilterVerdict.ACCEPT);
        assertThat(filter.skb()).isEqualTo(drop.skb());
    }
}
