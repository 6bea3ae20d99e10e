package dev.vista.internal.netfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.event.NetfilterFamily;
import dev.vista.event.NetfilterHook;
import dev.vista.event.NetfilterTable;
import dev.vista.event.NetfilterWay;
import dev.vista.internal.bpf.BpfResources;
import dev.vista.internal.libbpf.Attachment;
import dev.vista.internal.libbpf.BpfObject;
import dev.vista.internal.libbpf.BpfProgram;
import dev.vista.internal.libbpf.LibbpfException;
import dev.vista.internal.kernel.NetworkNamespaces;
import dev.vista.internal.libbpf.NetfilterLink;
import dev.vista.netns.NetworkNamespace;
import dev.vista.netns.Testbed;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Which families the running kernel accepts netfilter BPF links for: IPv4 and IPv6 only, so ARP and bridge
 * tables cannot be observed this way (RegisteredTables reports them as unobserved).
 */
@Tag("kernel")
class NetfilterLinkFamiliesKernelTest {
    private static final int EAFNOSUPPORT = 97;

    @Test
    void theKernelLinksIpv4AndIpv6HooksAndRefusesArpAndBridge() {
        NetfilterObservers observers = new NetfilterObservers(List.of(new NetfilterObservers.NamespaceTables(null,
                List.of(new NetfilterTable(NetfilterFamily.IPV4, NetfilterHook.INPUT, 0, "filter", "INPUT")))), null);
        try (BpfObject object = BpfObject.open("vista_nf_families", BpfResources.bytes("netfilter_verdicts.bpf.o"))) {
            observers.prepare(object);
            object.load();
            BpfProgram program = object.program("vista_nf_before_0");
            for (NetfilterFamily family : List.of(NetfilterFamily.IPV4, NetfilterFamily.IPV6)) {
                int input = NetfilterHook.INPUT.value(family);
                try (Attachment link = NetfilterLink.create(program, family.value(), input, -1, family.pfName())) {
                    assertThat(link).hasToString("vista_nf_before_0 at " + family.pfName());
                }
            }
            for (NetfilterFamily family : List.of(NetfilterFamily.ARP, NetfilterFamily.BRIDGE)) {
                assertThatThrownBy(() -> NetfilterLink.create(program, family.value(), 0, -1, family.pfName()))
                        .as(family.pfName()).isInstanceOf(LibbpfException.class)
                        .satisfies(e -> assertThat(((LibbpfException) e).errno()).isEqualTo(EAFNOSUPPORT));
            }
        }
    }

    /** The link way lists ARP and bridge tables (for its warning) rather than missing them; functions see them. */
    @Test
    void theArpAndBridgeTablesOfANamespaceAreUnobservedByLinksAndTablesOfTheFunctionWay() {
        try (Testbed bed = Testbed.builder().namespace("tables").build()) {
            NetworkNamespace ns = bed.namespace("tables");
            ns.addNftTable("arp", "vista16a").addChain("in", "type filter hook input priority 0; policy accept;");
            ns.addNftTable("bridge", "vista16b").addChain("fw", "type filter hook forward priority -5;");

            RegisteredTables links = NetworkNamespaces.inside(ns.path(), "test-tables",
                    () -> RegisteredTables.inCurrentNamespace(NetfilterWay.NETFILTER_LINK));
            RegisteredTables functions = NetworkNamespaces.inside(ns.path(), "test-tables",
                    () -> RegisteredTables.inCurrentNamespace(NetfilterWay.FUNCTION));

            assertThat(links.tables()).isEmpty();
            assertThat(links.unobserved()).containsExactlyInAnyOrder("arp table vista16a chain in (hook input)",
                    "bridge table vista16b chain fw (hook forward)");
            assertThat(functions.tables()).containsExactlyInAnyOrder(
                    new NetfilterTable(NetfilterFamily.ARP, NetfilterHook.INPUT, 0, "vista16a", "in"),
                    new NetfilterTable(NetfilterFamily.BRIDGE, NetfilterHook.FORWARD, -5, "vista16b", "fw"));
            assertThat(functions.unobserved()).isEmpty();
        }
    }
}
