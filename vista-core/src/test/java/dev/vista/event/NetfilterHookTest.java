package dev.vista.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The kernel's hook numbers: the five inet ones (bridge alike) and ARP's three, numbered otherwise. */
class NetfilterHookTest {
    @Test
    void inetAndBridgeHooksAreNumberedPreroutingToPostrouting() {
        for (NetfilterFamily family : new NetfilterFamily[] {NetfilterFamily.IPV4, NetfilterFamily.BRIDGE}) {
            assertThat(NetfilterHook.FORWARD.value(family)).isEqualTo(2);
            assertThat(NetfilterHook.ofValue(family, 0)).isEqualTo(NetfilterHook.PREROUTING);
            assertThat(NetfilterHook.ofValue(family, 4)).isEqualTo(NetfilterHook.POSTROUTING);
            assertThat(NetfilterHook.ofValue(family, 5)).isNull();
        }
    }

    @Test
    void arpHooksAreInOutForwardAsTheKernelNumbersThem() {
        assertThat(NetfilterHook.ofValue(NetfilterFamily.ARP, 0)).isEqualTo(NetfilterHook.INPUT);
        assertThat(NetfilterHook.ofValue(NetfilterFamily.ARP, 1)).isEqualTo(NetfilterHook.OUTPUT);
        assertThat(NetfilterHook.ofValue(NetfilterFamily.ARP, 2)).isEqualTo(NetfilterHook.FORWARD);
        assertThat(NetfilterHook.ofValue(NetfilterFamily.ARP, 3)).isNull();
        assertThat(NetfilterHook.OUTPUT.value(NetfilterFamily.ARP)).isEqualTo(1);
    }

    @Test
    void anArpTableAtAHookArpHasNotIsRefusedNamingTheHooksItHas() {
        assertThatThrownBy(() -> new NetfilterTable(NetfilterFamily.ARP, NetfilterHook.PREROUTING, 0, "t", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PF_ARP has no PREROUTING").hasMessageContaining("INPUT, OUTPUT and FORWARD");
    }
}
