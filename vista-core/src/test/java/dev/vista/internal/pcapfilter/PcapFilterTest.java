package dev.vista.internal.pcapfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.PcapFilterException;
import org.junit.jupiter.api.Test;

/** Compiling and translating expressions in user space: the errors a user sees, and the splice. */
class PcapFilterTest {

    @Test
    void aSyntaxErrorCarriesLibpcapsMessageAndTheExpression() {
        assertThatThrownBy(() -> PcapFilter.compile("tcp prot 443"))
                .isInstanceOf(PcapFilterException.class)
                .hasMessageContaining("'tcp prot 443'")
                .hasMessageContaining("syntax error")
                .satisfies(e -> assertThat(((PcapFilterException) e).expression()).isEqualTo("tcp prot 443"));
    }

    @Test
    void anUnknownHostIsLibpcapsError() {
        assertThatThrownBy(() -> PcapFilter.compile("host 10.0.0.300"))
                .isInstanceOf(PcapFilterException.class)
                .hasMessageContaining("10.0.0.300");
    }

    @Test
    void anEmptyExpressionIsRefused() {
        assertThatThrownBy(() -> PcapFilter.compile("  ")).isInstanceOf(PcapFilterException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void protochainLoopsAreRefusedWithAnAlternative() {
        assertThatThrownBy(() -> PcapFilter.compile("ip6 protochain 6"))
                .isInstanceOf(PcapFilterException.class)
                .hasMessageContaining("loops")
                .hasMessageContaining("ip6 proto");
    }

    @Test
    void anExpressionTooLargeForTheVerifierIsRefusedUpFront() {
        StringBuilder fields = new StringBuilder("ip[0] == 1");
        for (int i = 1; i < 1500; i++) {
            fields.append(" or ip[").append(i % 1400).append(":2] == ").append(i);
        }
        assertThatThrownBy(() -> PcapFilter.compile(fields.toString()))
                .isInstanceOf(PcapFilterException.class)
                .hasMessageContaining("too large for the kernel's verifier")
                .hasMessageNotContaining("processed"); // no verifier dump
    }

    @Test
    void anEthernetOnlyExpressionRejectsFromTheIpStart() {
        // arp needs the link-layer header: the IP-start translation is a plain reject.
        PcapFilter arp = PcapFilter.compile("arp");
        PcapFilter tcp = PcapFilter.compile("tcp");
        assertThat(arp.classicInstructions()).isEqualTo(PcapCompiler.compile("arp", LinkType.ETHERNET).size());
        assertThat(tcp.classicInstructions()).isEqualTo(PcapCompiler.compile("tcp", LinkType.ETHERNET).size()
                + PcapCompiler.compile("tcp", LinkType.IP).size());
    }

    @Test
    void theSpliceReplacesTheLastFunctionOfText() {
        PcapFilter filter = PcapFilter.compile("tcp port 443");
        byte[] elf = dev.vista.internal.bpf.BpfResources.bytes("skb_tracepoints.bpf.o");
        byte[] spliced = filter.spliceInto(elf);
        assertThat(spliced.length).isGreaterThanOrEqualTo(elf.length + filter.code().length);
        // The new body sits at the end of the file, where the patched .text section header points.
        byte[] tail = java.util.Arrays.copyOfRange(spliced, spliced.length - filter.code().length, spliced.length);
        assertThat(tail).isEqualTo(filter.code());
        assertThatThrownBy(() -> filter.spliceInto(dev.vista.internal.bpf.BpfResources.bytes("feature_probes.bpf.o")))
                .hasMessageContaining("no function vista_pcap_filter");
    }
}
