package dev.vista.internal.netfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.KernelFeatureException;
import dev.vista.event.NetfilterWay;
import dev.vista.internal.libbpf.LibbpfException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetfilterWayChoiceTest {
    private static final String NO_KPROBES = "attaching kprobe vista_probe_kprobe to nf_hook_slow: errno 2";
    private static final int EINVAL = 22;

    @Test
    void kprobesThatWorkChooseTheFunctionWayElseTheLinkWay() {
        assertThat(NetfilterWayChoice.choose(null, null)).isEqualTo(NetfilterWay.FUNCTION);
        assertThat(NetfilterWayChoice.choose(null, NO_KPROBES)).isEqualTo(NetfilterWay.NETFILTER_LINK);
    }

    @Test
    void aWayAskedForIsKeptWhereItCanBeHad() {
        assertThat(NetfilterWayChoice.choose(NetfilterWay.NETFILTER_LINK, null)).isEqualTo(NetfilterWay.NETFILTER_LINK);
        assertThat(NetfilterWayChoice.choose(NetfilterWay.FUNCTION, null)).isEqualTo(NetfilterWay.FUNCTION);
    }

    @Test
    void theFunctionWayAskedForWithoutKprobesFailsNamingWhyAndTheOtherWay() {
        assertThatThrownBy(() -> NetfilterWayChoice.choose(NetfilterWay.FUNCTION, NO_KPROBES))
                .isInstanceOf(KernelFeatureException.class)
                .hasMessageContaining(NO_KPROBES).hasMessageContaining("nft_do_chain")
                .hasMessageContaining("NetfilterWay.NETFILTER_LINK");
    }

    @Test
    void aKernelWithNeitherWayFailsNamingBoth() {
        NetfilterObservers observers = new NetfilterObservers(List.of(), NO_KPROBES);

        RuntimeException e = observers.explain(new LibbpfException("loading", EINVAL), "the netfilter programs");

        assertThat(e).isInstanceOf(KernelFeatureException.class)
                .hasMessageContaining("has neither")
                .hasMessageContaining("kprobes").hasMessageContaining(NO_KPROBES)
                .hasMessageContaining("netfilter BPF links").hasMessageContaining("the netfilter programs");
    }

    @Test
    void linksAskedForWhereTheyFailPointToTheFunctionWay() {
        NetfilterObservers observers = new NetfilterObservers(List.of(), null);

        RuntimeException e = observers.explain(new LibbpfException("loading", EINVAL), "the netfilter programs");

        assertThat(e).isInstanceOf(KernelFeatureException.class).hasMessageContaining("NetfilterWay.FUNCTION");
    }
}
