package dev.vista.internal.netfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.event.NetfilterFamily;
import dev.vista.event.NetfilterHook;
import dev.vista.event.NetfilterTable;
import dev.vista.internal.bpf.BpfResources;
import dev.vista.internal.libbpf.Attachment;
import dev.vista.internal.libbpf.BpfObject;
import dev.vista.internal.libbpf.BpfProgram;
import dev.vista.internal.libbpf.LibbpfException;
import dev.vista.internal.libbpf.NetfilterLink;
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
}
