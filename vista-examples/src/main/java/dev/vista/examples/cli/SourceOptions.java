package dev.vista.examples.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code vista} flags that say what to trace: packets, sockets, TCP connections, netfilter verdicts, TC and XDP
 * programs, and how to attach.
 */
final class SourceOptions {
    @Option(names = "--filter-trace-skb",
            description = "trace skbs (the default): on the skb tracepoints, or on the functions of --filter-skb-func")
    boolean traceSkb;

    @Option(names = "--filter-skb-func", paramLabel = "REGEX",
            description = "trace the kernel functions taking an skb whose whole name matches REGEX ('.*' for all)"
                    + " instead of the skb tracepoints; needs kprobes, kprobe-multi or fentry")
    String skbFunctions;

    @Option(names = "--filter-trace-sk",
            description = "trace sockets: on the sock and tcp tracepoints, or on the kernel functions of "
                    + "--filter-sk-func")
    boolean traceSk;

    @Option(names = "--filter-sk-func", paramLabel = "REGEX",
            description = "trace the sock functions whose whole name matches REGEX (implies --filter-trace-sk)")
    String skFunctions;

    @Option(names = "--filter-trace-tcp",
            description = "trace TCP connections: one line when each ends (tuple, who opened it, lifetime)")
    boolean traceTcp;

    @Option(names = "--filter-tcp-lifetime", paramLabel = "DURATION", converter = GoDurationConverter.class,
            description = "only TCP connections that lived at least DURATION, e.g. 100ms, 1s, 1m "
                    + "(implies --filter-trace-tcp)")
    Duration tcpLifetime;

    @Option(names = "--filter-trace-iptables",
            description = "trace netfilter: one line per table a packet passes (iptables tables, nftables base chains "
                    + "of --filter-netns, else of this namespace, when tracing starts) with its verdict and cost")
    boolean traceIptables;

    @Option(names = "--output-iptables",
            description = "print netfilter verdicts: pf, table, hook, verdict, cost (implies --filter-trace-iptables)")
    boolean outputIptables;

    @Option(names = "--filter-trace-tc", arity = "0..1",
            description = "trace the BPF programs on TC (clsact, tcx): the entry and exit of each, named PROG(tc), "
                    + "the exit with the verdict (TC_ACT_OK, TC_ACT_SHOT, ...) and cost; needs fentry on BPF programs")
    boolean traceTc;

    @Option(names = "--filter-trace-xdp", arity = "0..1",
            description = "trace the XDP programs: the entry and exit of each, named PROG(xdp), the exit with the "
                    + "verdict (XDP_PASS, XDP_DROP, XDP_TX, XDP_REDIRECT, XDP_ABORTED) and cost; needs fentry on BPF "
                    + "programs")
    boolean traceXdp;

    @Option(names = "--filter-trace-prog", paramLabel = "REGEX",
            description = "only the TC/XDP programs of --filter-trace-tc/-xdp whose name contains a match of REGEX")
    String programName;

    @Option(names = "--kprobe-backend", paramLabel = "BACKEND", defaultValue = "auto",
            description = "how to attach kernel functions: auto (probe the kernel), kprobe-multi, fentry, kprobe")
    String backend;

    @Option(names = "--filter-kprobe-batch", paramLabel = "N",
            description = "kprobes attached at once by the kprobe backend (default 16)")
    Integer kprobeBatch;

    @Option(names = "--kmods", paramLabel = "MODULES", split = ",",
            description = "also trace the functions of these kernel modules (comma-separated)")
    List<String> kernelModules = List.of();

    @Option(names = "--all-kmods", description = "also trace the functions of every kernel module with BTF")
    boolean allKernelModules;

    @Option(names = "--kernel-btf", paramLabel = "FILE",
            description = "BTF of the running kernel to use instead of /sys/kernel/btf/vmlinux")
    Path kernelBtf;

    /** Socket events were asked for, by tracepoints or functions. */
    boolean sockets() {
        return traceSk || skFunctions != null;
    }

    /** TCP connections were asked for, directly or by a lifetime filter. */
    boolean tcp() {
        return traceTcp || tcpLifetime != null;
    }

    /** Netfilter verdicts were asked for (vista prints them with either flag). */
    boolean netfilter() {
        return traceIptables || outputIptables;
    }

    /** TC or XDP programs were asked for. */
    boolean programs() {
        return traceTc || traceXdp;
    }

    /** Kernel functions are traced: attaching them takes a while, so progress is shown. */
    boolean functions() {
        return skbFunctions != null || skFunctions != null;
    }
}
