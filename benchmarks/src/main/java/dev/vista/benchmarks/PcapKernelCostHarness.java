package dev.vista.benchmarks;

import dev.vista.internal.pcapfilter.KernelPcapFilter;
import dev.vista.internal.pcapfilter.LinkType;
import dev.vista.internal.pcapfilter.PcapFilter;
import java.util.Arrays;

/**
 * Per-packet cost of a translated filter in the kernel, as the kernel measures it: BPF_PROG_TEST_RUN
 * runs pcap_test_run.bpf.o (the spliced filter plus reading head, data, tail and len of the skb, as
 * the tracing programs do) a million times per round and reports the mean ns per run. The trivial
 * expression's program gives the cost around the filter. Needs root. Prints the median of 7 rounds.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar
 * dev.vista.benchmarks.PcapKernelCostHarness}
 */
public final class PcapKernelCostHarness {
    private static final int REPEAT = 1_000_000;
    private static final int ROUNDS = 7;

    private PcapKernelCostHarness() {
    }

    public static void main(String[] args) {
        for (String expression : new String[] {PcapPackets.TRIVIAL, PcapPackets.TYPICAL}) {
            PcapFilter filter = PcapFilter.compile(expression);
            try (KernelPcapFilter kernel = new KernelPcapFilter(filter)) {
                byte[] frame = PcapPackets.TCP_SYN_TO_443;
                if (!kernel.matches(frame, frame.length, LinkType.ETHERNET)) {
                    throw new IllegalStateException("'" + expression + "' should match the benchmark frame");
                }
                for (LinkType start : LinkType.values()) {
                    long[] rounds = new long[ROUNDS];
                    for (int i = 0; i < ROUNDS; i++) {
                        rounds[i] = kernel.nanosPerRun(frame, frame.length, start, REPEAT);
                    }
                    Arrays.sort(rounds);
                    System.out.printf("%-32s from %-8s %3d eBPF insns  median %d ns/run  (rounds %s)%n",
                            "'" + expression + "'", start, filter.instructions(), rounds[ROUNDS / 2],
                            Arrays.toString(rounds));
                }
            }
        }
    }
}
