package dev.vista.examples.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code vista} flags that say what to trace: packets, sockets, TCP connections, netfilter verdicts, TC and XDP
 * programs, and how to attach.
 */
final class SourceOptions extends FlagGroup {
    private final OptionSpec traceSkb = flag("--filter-trace-skb",
            "trace skbs (the default): on the skb tracepoints, or on the functions of --filter-skb-func");
    private final OptionSpec skbFunctions = option("--filter-skb-func", "REGEX", String.class,
            "trace the kernel functions taking an skb whose whole name matches REGEX ('.*' for all)"
                    + " instead of the skb tracepoints; needs kprobes, kprobe-multi or fentry");
    private final OptionSpec traceSk = flag("--filter-trace-sk",
            "trace sockets: on the sock and tcp tracepoints, or on the kernel functions of --filter-sk-func");
    private final OptionSpec skFunctions = option("--filter-sk-func", "REGEX", String.class,
            "trace the sock functions whose whole name matches REGEX (implies --filter-trace-sk)");
    private final OptionSpec traceTcp = flag("--filter-trace-tcp",
            "trace TCP connections: one line when each ends (tuple, who opened it, lifetime)");
    private final OptionSpec tcpLifetime = add(OptionSpec.builder("--filter-tcp-lifetime").paramLabel("DURATION")
            .type(Duration.class).converters(new GoDurationConverter())
            .description("only TCP connections that lived at least DURATION, e.g. 100ms, 1s, 1m "
                    + "(implies --filter-trace-tcp)"));
    private final OptionSpec traceIptables = flag("--filter-trace-iptables",
            "trace netfilter: one line per table a packet passes (iptables tables, nftables base chains "
                    + "of --filter-netns, else of this namespace, when tracing starts) with its verdict and cost");
    private final OptionSpec outputIptables = flag("--output-iptables",
            "print netfilter verdicts: pf, table, hook, verdict, cost (implies --filter-trace-iptables)");
    private final OptionSpec traceTc = optionalSwitch("--filter-trace-tc", "<traceTc>",
            "trace the BPF programs on TC (clsact, tcx): the entry and exit of each, named PROG(tc), "
                    + "the exit with the verdict (TC_ACT_OK, TC_ACT_SHOT, ...) and cost; needs fentry on BPF programs");
    private final OptionSpec traceXdp = optionalSwitch("--filter-trace-xdp", "<traceXdp>",
            "trace the XDP programs: the entry and exit of each, named PROG(xdp), the exit with the "
                    + "verdict (XDP_PASS, XDP_DROP, XDP_TX, XDP_REDIRECT, XDP_ABORTED) and cost; needs fentry on BPF "
                    + "programs");
    private final OptionSpec programName = option("--filter-trace-prog", "REGEX", String.class,
            "only the TC/XDP programs of --filter-trace-tc/-xdp whose name contains a match of REGEX");
    private final OptionSpec backend = add(OptionSpec.builder("--kprobe-backend").paramLabel("BACKEND")
            .type(String.class).defaultValue("auto")
            .description("how to attach kernel functions: auto (probe the kernel), kprobe-multi, fentry, kprobe"));
    private final OptionSpec kprobeBatch = option("--filter-kprobe-batch", "N", Integer.class,
            "kprobes attached at once by the kprobe backend (default 16)");
    private final OptionSpec kernelModules = add(OptionSpec.builder("--kmods").paramLabel("MODULES")
            .type(List.class).auxiliaryTypes(String.class).splitRegex(",").initialValue(List.of())
            .description("also trace the functions of these kernel modules (comma-separated)"));
    private final OptionSpec allKernelModules = flag("--all-kmods",
            "also trace the functions of every kernel module with BTF");
    private final OptionSpec kernelBtf = option("--kernel-btf", "FILE", Path.class,
            "BTF of the running kernel to use instead of /sys/kernel/btf/vmlinux");

    /** A switch that also takes true or false, as vista's (Go's pflag) do: {@code --filter-trace-tc=false}. */
    private OptionSpec optionalSwitch(String name, String label, String description) {
        return add(switchNamed(name).paramLabel(label).arity("0..1").description(description));
    }

    boolean traceSkb() {
        return isSet(traceSkb);
    }

    /** The --filter-skb-func regex, or null. */
    String skbFunctions() {
        return skbFunctions.getValue();
    }

    boolean traceSk() {
        return isSet(traceSk);
    }

    /** The --filter-sk-func regex, or null. */
    String skFunctions() {
        return skFunctions.getValue();
    }

    /** The --filter-tcp-lifetime, or null. */
    Duration tcpLifetime() {
        return tcpLifetime.getValue();
    }

    boolean traceTc() {
        return isSet(traceTc);
    }

    boolean traceXdp() {
        return isSet(traceXdp);
    }

    /** The --filter-trace-prog regex, or null. */
    String programName() {
        return programName.getValue();
    }

    String backend() {
        return backend.getValue();
    }

    /** The --filter-kprobe-batch, or null. */
    Integer kprobeBatch() {
        return kprobeBatch.getValue();
    }

    List<String> kernelModules() {
        return kernelModules.getValue();
    }

    boolean allKernelModules() {
        return isSet(allKernelModules);
    }

    /** The --kernel-btf file, or null. */
    Path kernelBtf() {
        return kernelBtf.getValue();
    }

    /** Socket events were asked for, by tracepoints or functions. */
    boolean sockets() {
        return traceSk() || skFunctions() != null;
    }

    /** TCP connections were asked for, directly or by a lifetime filter. */
    boolean tcp() {
        return isSet(traceTcp) || tcpLifetime() != null;
    }

    /** Netfilter verdicts were asked for (vista prints them with either flag). */
    boolean netfilter() {
        return isSet(traceIptables) || isSet(outputIptables);
    }

    /** TC or XDP programs were asked for. */
    boolean programs() {
        return traceTc() || traceXdp();
    }

    /** Kernel functions are traced: attaching them takes a while, so progress is shown. */
    boolean functions() {
        return skbFunctions() != null || skFunctions() != null;
    }
}
