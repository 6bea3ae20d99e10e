package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.event.NetfilterEvent;
import dev.vista.event.NetfilterHook;
import dev.vista.event.NetfilterVerdict;
import dev.vista.event.NetfilterWay;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Netfilter verdicts through netfilter BPF links on the real kernel: the scenarios of {@link NetfilterScenarios}
 * with iptables (Debian's, the nft backend), ip6tables and an nftables table of the test's own, and what only the
 * link way does (links are made per namespace; it is the way probing chooses without kprobes).
 */
@Tag("kernel")
class NetfilterVerdictsKernelTest extends NetfilterScenarios {
    NetfilterVerdictsKernelTest() {
        super(NetfilterWay.NETFILTER_LINK, Iptables.NFT, 226);
    }

    private void startInServer(TracerBuilder builder) {
        tracer = builder.traceNetfilter().filterNetns(server.namespace().path()).onNetfilter(recorder).start();
    }

    @Test
    void oneTracerObservesTheTablesOfSeveralNamespaces() throws Exception {
        tracer = Tracer.builder().traceNetfilterIn(server.namespace().path(), routed.namespace("router").path(),
                server.namespace().path()).filterProtocol(Protocol.UDP).onNetfilter(recorder).start();

        send(DROPPED_PORT);
        send(FORWARD_DROPPED_PORT);

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

    /** The routed bed's client namespace has no netfilter table: a trace of verdicts alone has nothing to load. */
    @Test
    void verdictsAloneInANamespaceWithoutTablesAreRefusedNamingWhatToAdd() throws Exception {
        assertThatThrownBy(() -> Tracer.builder().traceNetfilter().filterNetns(routed.namespace("client").path())
                .onNetfilter(recorder).start())
                .isInstanceOf(InvalidPlanException.class)
                .hasMessageStartingWith("nothing to trace: no netfilter table was found")
                .hasMessageContaining("iptables or nft rules");
        assertThat(OurBpfPrograms.awaitNone()).isEmpty();
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
}
