package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.NetfilterEvent;
import dev.vista.event.NetfilterFamily;
import dev.vista.event.NetfilterHook;
import dev.vista.event.NetfilterVerdict;
import dev.vista.event.NetfilterWay;
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
 * Netfilter verdicts through the tables' kernel functions (kprobes on ipt_do_table and nft_do_chain), which our
 * host kernel lacks: run inside the VM (scripts/vm-tests.sh). The server's namespace has a legacy iptables filter
 * table (iptables-legacy) and an nftables table of the test's own; the verdicts of both ways on the same traffic
 * agree.
 */
@Tag("kernel-functions")
class NetfilterFunctionsVmTest {
    private static final int LEGACY_DROPPED_PORT = 6680;
    private static final int ALLOWED_PORT = 6681;
    private static final int NFT_DROPPED_PORT = 6682;
    private static final String NFT_TABLE = "vista16f";
    @AutoClose
    private static Testbed bed;
    private static VethEnd client;
    private static VethEnd server;
    private final EventRecorder<NetfilterEvent> functions = new EventRecorder<>();
    private Tracer functionTracer;
    private Tracer linkTracer;

    @BeforeAll
    static void createTestbed() {
        bed = Testbed.builder()
                .veth(VethEndSpec.of("client", "10.229.1.1/24", "fd00:229:1::1/64"),
                        VethEndSpec.of("server", "10.229.1.2/24", "fd00:229:1::2/64"))
                .build();
        client = bed.veth(0).a();
        server = bed.veth(0).b();
        server.namespace().exec("iptables-legacy", "-A", "INPUT", "-p", "udp", "--dport",
                String.valueOf(LEGACY_DROPPED_PORT), "-j", "DROP").orThrow();
        server.namespace().addNftTable("ip", NFT_TABLE)
                .addChain("in", "type filter hook input priority 10; policy accept;")
                .addRule("in", "udp dport " + NFT_DROPPED_PORT + " drop");
    }

    @AfterEach
    void closeTracers() throws Exception {
        if (linkTracer != null) {
            linkTracer.close();
        }
        OurBpfPrograms.closeExpectingNoneLeft(functionTracer);
    }

    private Tracer start(NetfilterWay way, int port, EventRecorder<NetfilterEvent> recorder) {
        return Tracer.builder().filterProtocol(Protocol.UDP).filterPort(port).netfilterWay(way)
                .filterNetns(server.namespace().path()).onNetfilter(recorder).start();
    }

    @Test
    void probingChoosesTheFunctionWayWhereKprobesWork() throws Exception {
        functionTracer = Tracer.builder().filterProtocol(Protocol.UDP).filterPort(ALLOWED_PORT).traceNetfilter()
                .filterNetns(server.namespace().path()).onNetfilter(functions).start();

        Traffic.sendUdp(client.namespace(), server.ipv4(), ALLOWED_PORT);

        assertThat(functions.await("a verdict", e -> true).way()).isEqualTo(NetfilterWay.FUNCTION);
    }

    @Test
    void aLegacyDropRuleIsADropOfIptDoTableForFilterAtInputWithItsCost() throws Exception {
        functionTracer = start(NetfilterWay.FUNCTION, LEGACY_DROPPED_PORT, functions);

        Traffic.sendUdp(client.namespace(), server.ipv4(), LEGACY_DROPPED_PORT);

        NetfilterEvent drop = functions.await("a DROP", e -> e.verdict() == NetfilterVerdict.DROP);
        assertThat(drop.way()).isEqualTo(NetfilterWay.FUNCTION);
        assertThat(drop.table().table()).isEqualTo("filter");
        assertThat(drop.table().chain()).isNull();
        assertThat(drop.hook()).isEqualTo(NetfilterHook.INPUT);
        assertThat(drop.family()).isEqualTo(NetfilterFamily.IPV4);
        assertThat(drop.costNanos()).isPositive().isLessThan(1_000_000_000L);
        assertThat(drop.netns()).isEqualTo(server.namespace().inode());
        assertThat(drop.tuple().destinationPort()).isEqualTo(LEGACY_DROPPED_PORT);
        assertThat(drop.dropReason().name()).isEqualTo("NETFILTER_DROP");
    }

    @Test
    void anAllowedPortIsAcceptedByTheLegacyFilterAndTheNftChain() throws Exception {
        functionTracer = start(NetfilterWay.FUNCTION, ALLOWED_PORT, functions);

        Traffic.sendUdp(client.namespace(), server.ipv4(), ALLOWED_PORT);

        NetfilterEvent filter = functions.await("filter/INPUT's verdict",
                e -> e.table().table().equals("filter") && e.hook() == NetfilterHook.INPUT);
        assertThat(filter.verdict()).isEqualTo(NetfilterVerdict.ACCEPT);
        assertThat(filter.costNanos()).isPositive();
        NetfilterEvent nft = functions.await("the nft chain's verdict", e -> e.table().table().equals(NFT_TABLE));
        assertThat(nft.verdict()).isEqualTo(NetfilterVerdict.ACCEPT);
        assertThat(nft.table().chain()).isEqualTo("in");
        assertThat(nft.skb()).isEqualTo(filter.skb());
    }

    @Test
    void anNftDropRuleIsADropOfNftDoChainNamingTableAndChain() throws Exception {
        functionTracer = start(NetfilterWay.FUNCTION, NFT_DROPPED_PORT, functions);

        Traffic.sendUdp(client.namespace(), server.ipv4(), NFT_DROPPED_PORT);

        NetfilterEvent drop = functions.await("a DROP", e -> e.verdict() == NetfilterVerdict.DROP);
        assertThat(drop.table().table()).isEqualTo(NFT_TABLE);
        assertThat(drop.table().chain()).isEqualTo("in");
        assertThat(drop.table().priority()).isEqualTo(10);
        // nft_do_chain frees a dropped packet itself and returns NF_STOLEN with an errno: still a DROP
        assertThat(drop.dropReason().name()).isEqualTo("NETFILTER_DROP");
        assertThat(drop.tuple().destinationPort()).isEqualTo(NFT_DROPPED_PORT);
        assertThat(drop.hook()).isEqualTo(NetfilterHook.INPUT);
        assertThat(drop.costNanos()).isPositive();
    }

    @Test
    void bothWaysGiveTheSameVerdictsOnTheSameTraffic() throws Exception {
        for (int port : List.of(LEGACY_DROPPED_PORT, ALLOWED_PORT, NFT_DROPPED_PORT)) {
            EventRecorder<NetfilterEvent> functions = new EventRecorder<>();
            EventRecorder<NetfilterEvent> links = new EventRecorder<>();
            functionTracer = start(NetfilterWay.FUNCTION, port, functions);
            linkTracer = start(NetfilterWay.NETFILTER_LINK, port, links);

            Traffic.sendUdp(client.namespace(), server.ipv4(), port);

            NetfilterEvent last = functions.await("the last table's verdict for port " + port,
                    e -> e.verdict() == NetfilterVerdict.DROP || e.table().table().equals(NFT_TABLE));
            links.await("the link way's verdict of " + last.table().table(),
                    e -> e.table().table().equals(last.table().table()) && e.hook() == last.hook());
            assertThat(verdicts(links)).as("port %d", port).isEqualTo(verdicts(functions));
            assertThat(links.events()).allSatisfy(e -> assertThat(e.way()).isEqualTo(NetfilterWay.NETFILTER_LINK));
            linkTracer.close();
            linkTracer = null;
            functionTracer.close();
            functionTracer = null;
        }
    }

    /** What each table at each hook decided, in the order they decided. */
    private static List<String> verdicts(EventRecorder<NetfilterEvent> recorder) {
        return recorder.events().stream()
                .map(e -> e.family() + " " + e.hook() + " " + e.table().table() + " " + e.verdict()).toList();
    }
}
