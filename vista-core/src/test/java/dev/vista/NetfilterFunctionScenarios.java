package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.NetfilterEvent;
import dev.vista.event.NetfilterHook;
import dev.vista.event.NetfilterVerdict;
import dev.vista.event.NetfilterWay;
import dev.vista.netns.NetworkNamespace;
import dev.vista.netns.ThrowingRunnable;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the function way (kprobes on ipt_do_table, ip6t_do_table and nft_do_chain, which our host kernel lacks) must
 * get right in the VM, with the iptables rules a subclass names: the scenarios of {@link NetfilterScenarios},
 * probing choosing it, and the verdicts and tuples of both ways agreeing on the same traffic.
 */
abstract class NetfilterFunctionScenarios extends NetfilterScenarios {
    private Tracer linkTracer;

    NetfilterFunctionScenarios(Iptables iptables, int subnet) {
        super(NetfilterWay.FUNCTION, iptables, subnet);
    }

    @AfterEach
    void closeLinkTracer() {
        if (linkTracer != null) {
            linkTracer.close();
            linkTracer = null;
        }
    }

    @Test
    void probingChoosesTheFunctionWayWhereKprobesWork() throws Exception {
        tracer = Tracer.builder().filterProtocol(Protocol.UDP).filterPort(ALLOWED_PORT).traceNetfilter()
                .filterNetns(server.namespace().path()).onNetfilter(recorder).start();

        send(ALLOWED_PORT);

        assertThat(recorder.await("a verdict", e -> true).way()).isEqualTo(NetfilterWay.FUNCTION);
    }

    /** Traffic of one scenario, traced in {@code where}; {@code last} is the last verdict it gets. */
    private record Sent(String what, NetworkNamespace where, int port, ThrowingRunnable send,
            Predicate<NetfilterEvent> last) {
    }

    /**
     * The packet's last table at INPUT, as a predicate: the one that drops it, else nat at INPUT (priority 100, SNAT's
     * hook), which iptables-legacy's nat table has and iptables-nft makes only for a rule there, else the test's own.
     */
    private Predicate<NetfilterEvent> lastAtInput() {
        String last = iptables.nftBackend() ? NFT_TABLE : "nat";
        return e -> e.verdict() == NetfilterVerdict.DROP
                || e.table().table().equals(last) && e.hook() == NetfilterHook.INPUT;
    }

    private Sent sent(String what, NetworkNamespace where, int port, ThrowingRunnable send) {
        return new Sent(what, where, port, send, lastAtInput());
    }

    @Test
    void bothWaysGiveTheSameVerdictsOnTheSameTraffic() throws Exception {
        List<Sent> scenarios = List.of(
                sent("DROP in INPUT", server.namespace(), DROPPED_PORT, () -> send(DROPPED_PORT)),
                sent("IPv6 DROP in INPUT", server.namespace(), DROPPED_PORT,
                        () -> Traffic.sendUdp(client.namespace(), server.ipv6(), DROPPED_PORT)),
                sent("allowed", server.namespace(), ALLOWED_PORT, () -> send(ALLOWED_PORT)),
                // the port filter leaves out the tables after DNAT: they see the real port
                new Sent("DNAT", server.namespace(), PUBLISHED_PORT, () -> send(PUBLISHED_PORT),
                        e -> e.table().table().equals("nat") && e.hook() == NetfilterHook.PREROUTING),
                sent("nft drop in a regular chain", server.namespace(), NFT_DROPPED_PORT,
                        () -> send(NFT_DROPPED_PORT)),
                sent("DROP in the router's FORWARD", routed.namespace("router"), FORWARD_DROPPED_PORT,
                        () -> send(FORWARD_DROPPED_PORT)));
        for (Sent scenario : scenarios) {
            EventRecorder<NetfilterEvent> functions = new EventRecorder<>();
            EventRecorder<NetfilterEvent> links = new EventRecorder<>();
            tracer = start(NetfilterWay.FUNCTION, scenario.where(), scenario.port(), functions);
            linkTracer = start(NetfilterWay.NETFILTER_LINK, scenario.where(), scenario.port(), links);

            scenario.send().run();

            NetfilterEvent last = functions.await("the last table's verdict: " + scenario.what(), scenario.last());
            links.await("the link way's verdict of " + last.table().table() + " at " + last.hook(),
                    e -> e.table().table().equals(last.table().table()) && e.hook() == last.hook());
            assertThat(verdicts(links)).as(scenario.what()).isEqualTo(verdicts(functions));
            assertThat(links.events()).allSatisfy(e -> assertThat(e.way()).isEqualTo(NetfilterWay.NETFILTER_LINK));
            assertThat(functions.events()).allSatisfy(e -> assertThat(e.way()).isEqualTo(NetfilterWay.FUNCTION));
            linkTracer.close();
            linkTracer = null;
            tracer.close();
            tracer = null;
        }
    }

    /** What each table at each hook decided, in the order they decided. */
    private static List<String> verdicts(EventRecorder<NetfilterEvent> recorder) {
        return recorder.events().stream().map(e -> e.family() + " " + e.hook() + " " + e.table().table() + " "
                + e.verdict() + " " + e.tupleBefore() + " -> " + e.tuple()).toList();
    }
}
