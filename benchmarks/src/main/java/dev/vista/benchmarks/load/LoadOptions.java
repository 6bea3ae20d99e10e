package dev.vista.benchmarks.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The load harness's command line (scripts/load-benchmark.sh passes its arguments through). */
@Command(name = "load-benchmark", sortOptions = false,
        description = "Floods UDP and TCP between two network namespaces, untraced and under each tracer, one after"
                + " the other, and prints one Markdown table of all runs (BENCHMARKS.md, \"Under load\"). Needs root.")
final class LoadOptions {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    boolean help;

    @Option(names = "--traffic", split = ",", defaultValue = "udp,tcp", paramLabel = "KIND",
            description = "the floods, in order: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    List<Flood.Kind> traffic;

    @Option(names = "--tracers", split = ",", defaultValue = "off,library,library-other-port,cli,bpftrace",
            paramLabel = "TRACER", converter = TracerKind.Converter.class,
            description = "the tracers, in order: off, library, library-other-port, library-skb, library-capture-64, "
                    + "library-capture-256, library-capture-1500, library-pcapng, library-netfilter, "
                    + "library-netfilter-link, library-otlp, cli, bpftrace"
                    + " (default: ${DEFAULT-VALUE})")
    List<TracerKind> tracers;

    @Option(names = "--messages", defaultValue = "3000000", paramLabel = "N",
            description = "a flood ends after N datagrams or writes (default: ${DEFAULT-VALUE})")
    long messages;

    @Option(names = "--seconds", defaultValue = "5", paramLabel = "S",
            description = "... or after S seconds, whichever comes first (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "N", converter = Rate.class,
            description = "send at most N datagrams or writes a second, to hold a flood at a given event rate"
                    + " (N = events per second / events per packet); 0: as fast as the sender can"
                    + " (default: ${DEFAULT-VALUE})")
    long rate;

    @Option(names = "--cost-seconds", defaultValue = "2", paramLabel = "S",
            description = "length of the second, shorter flood per tracer that measures BPF ns/run with"
                    + " kernel.bpf_stats_enabled on; 0 skips it (default: ${DEFAULT-VALUE})")
    double costSeconds;

    @Option(names = "--udp-bytes", defaultValue = "64", paramLabel = "N",
            description = "UDP payload per datagram (default: ${DEFAULT-VALUE})")
    int udpBytes;

    @Option(names = "--tcp-bytes", defaultValue = "256", paramLabel = "N",
            description = "TCP bytes per write (default: ${DEFAULT-VALUE})")
    int tcpBytes;

    @Option(names = "--iptables-rules", defaultValue = "0", paramLabel = "N",
            description = "before the floods, give the receiver's iptables filter table N INPUT rules the flood"
                    + " passes without matching, for every run, untraced ones too (default: ${DEFAULT-VALUE})")
    int iptablesRules;

    @Option(names = "--vista", defaultValue = "./vista", paramLabel = "PATH",
            description = "the launcher the cli tracer runs (default: ${DEFAULT-VALUE})")
    Path vista;

    @Option(names = "--work", defaultValue = "benchmarks/target/load", paramLabel = "DIR",
            description = "where the printing tracers write their output (default: ${DEFAULT-VALUE})")
    Path work;

    Duration duration() {
        return seconds(seconds);
    }

    Duration costDuration() {
        return seconds(costSeconds);
    }

    int messageBytes(Flood.Kind kind) {
        return kind == Flood.Kind.UDP ? udpBytes : tcpBytes;
    }

    /** A rate of messages a second: 0 or more. */
    static final class Rate implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long rate = Long.parseLong(value);
            if (rate < 0) {
                throw new TypeConversionException("a rate is 0 (unpaced) or more messages a second, not " + value);
            }
            return rate;
        }
    }

    private static Duration seconds(double value) {
        return Duration.ofMillis((long) (value * 1000));
    }
}
