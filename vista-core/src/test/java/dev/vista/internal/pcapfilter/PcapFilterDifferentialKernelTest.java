package dev.vista.internal.pcapfilter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The translated eBPF, run in the kernel (BPF_PROG_TEST_RUN on pcap_test_run.bpf.o, which holds the
 * same spliced function as the tracing programs), and libpcap's interpreter (pcap_offline_filter)
 * agree on every generated packet for every expression, from the Ethernet header and from the IP
 * header. Packets come from a fixed seed: a failure names the expression and the packet's hex.
 */
@Tag("kernel")
class PcapFilterDifferentialKernelTest {
    private static final long SEED = 0x5eed_4ca9L;
    private static final int PACKETS = 10_000;

    @Test
    void kernelAndLibpcapAgreeOnEveryPacket() throws IOException {
        List<String> expressions = expressions();
        List<byte[]> packets = packets();
        List<String> mismatches = new ArrayList<>();
        int decisive = 0;
        long matched = 0;
        for (String expression : expressions) {
            int[] outcomes = new int[2];
            try (KernelPcapFilter kernel = load(expression);
                    OfflineFilter ethernet = new OfflineFilter(expression, LinkType.ETHERNET);
                    OfflineFilter ip = offlineOrNull(expression)) {
                for (byte[] packet : packets) {
                    boolean expected = ethernet.matches(packet, 0, packet.length);
                    outcomes[expected ? 1 : 0]++;
                    check(mismatches, expression, LinkType.ETHERNET, packet, expected,
                            kernel.matches(packet, packet.length, LinkType.ETHERNET));
                    boolean expectedIp = ip != null && ip.matches(packet, 14, packet.length - 14);
                    check(mismatches, expression, LinkType.IP, packet, expectedIp,
                            kernel.matches(packet, packet.length, LinkType.IP));
                }
            }
            matched += outcomes[1];
            decisive += outcomes[0] > 0 && outcomes[1] > 0 ? 1 : 0;
        }
        assertThat(mismatches).as("kernel verdicts that differ from libpcap's").isEmpty();
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(100);
        // The packets exercise the expressions: nearly every one both matches and rejects some.
        assertThat(decisive).as("expressions that matched some packets and rejected others (of %d; %d matches)",
                expressions.size(), matched).isGreaterThanOrEqualTo(expressions.size() * 9 / 10);
    }

    private static KernelPcapFilter load(String expression) {
        try {
            return new KernelPcapFilter(PcapFilter.compile(expression));
        } catch (RuntimeException e) {
            throw new AssertionError("loading the translation of '" + expression + "'", e);
        }
    }

    private static void check(List<String> mismatches, String expression, LinkType start, byte[] packet,
            boolean expected, boolean actual) {
        if (expected != actual && mismatches.size() < 20) {
            mismatches.add("'" + expression + "' from " + start + ": libpcap " + expected + ", kernel " + actual
                    + " on " + HexFormat.of().formatHex(packet));
        }
    }

    /** libpcap's filter from the IP header, or null where the expression needs a link-layer header. */
    private static OfflineFilter offlineOrNull(String expression) {
        try {
            return new OfflineFilter(expression, LinkType.IP);
        } catch (dev.vista.PcapFilterException e) {
            return null;
        }
    }

    static List<String> expressions() throws IOException {
        try (InputStream in = PcapFilterDifferentialKernelTest.class.getResourceAsStream("expressions.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        }
    }

    static List<byte[]> packets() {
        PacketGenerator generator = new PacketGenerator(SEED);
        List<byte[]> packets = new ArrayList<>(PACKETS);
        for (int i = 0; i < PACKETS; i++) {
            packets.add(generator.next());
        }
        return packets;
    }
}
