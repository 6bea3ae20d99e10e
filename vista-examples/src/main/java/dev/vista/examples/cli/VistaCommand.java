package dev.vista.examples.cli;

import dev.vista.InvalidPlanException;
import dev.vista.KernelFeatureException;
import dev.vista.Backend;
import dev.vista.Output;
import dev.vista.examples.output.AttachProgressBar;
import dev.vista.TimestampMode;
import dev.vista.TracePlan;
import dev.vista.Tracer;
import dev.vista.TracerBuilder;
import dev.vista.VistaException;
import dev.vista.examples.output.DropTally;
import dev.vista.examples.output.EventFormat;
import dev.vista.examples.output.EventPrinter;
import dev.vista.examples.output.JsonEventFormat;
import dev.vista.examples.output.TraceSummary;
import dev.vista.render.VistaLineFormatter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code vista} command: traces packets with vista's flags and prints them in vista's format
 * until Ctrl-C or {@code --output-limit-lines}, then a summary on stderr.
 */
@Command(name = "vista", mixinStandardHelpOptions = true, version = "vista for Java 0.1.0",
        description = "Trace packets (skbs) through the Linux kernel with eBPF. Flags are Asphaltt/vista's.",
        footer = {"", "Exit codes: 0 done; 1 bad input or tracing failed; 2 bad command line or a vista flag "
                + "not supported yet."})
public final class VistaCommand implements Callable<Integer> {
    static final int BAD_INPUT = 1;
    private static final int INTERRUPTED = 130; // 128 + SIGINT, as shells report it
    private static final Duration LIMIT_CHECK_INTERVAL = Duration.ofMillis(100);
    private static final int OUTPUT_FILE_BUFFER_BYTES = 256 * 1024;
    // Inodes are 32-bit: ten digits at most, and the builder checks the range.
    private static final Pattern NETNS_INODE = Pattern.compile("inode:(\\d{1,10})");
    // Twice the library's default: the CLI formats and writes every event on its poller thread, so a GC pause,
    // a JIT compile or the scheduler giving the CPU to the traffic stalls it, and under a flood (0.5 M events/s)
    // 16 MiB (80 k events) fills in 170 ms; 32 MiB rides out 350 ms. Not more: the ring's data is mapped twice
    // into the process (a record that wraps stays contiguous), so each MiB counts twice in the peak RSS, and
    // 64 MiB measured 245 MB, over the 200 MB we allow (BENCHMARKS.md, "Under load"). A printing thread behind a bounded queue was not
    // chosen: on a 2-CPU machine it competes with the traffic for the same CPUs and adds a hand-off per
    // event, while the ring already is a bounded hand-off that counts what it loses.
    static final int DEFAULT_RING_BYTES = 32 * 1024 * 1024;

    @Option(names = "--filter-trace-skb", description = "trace skbs (the default): on the skb tracepoints, or on the functions of --filter-skb-func")
    boolean traceSkb;

    @Option(names = "--filter-skb-func", paramLabel = "REGEX",
            description = "trace the kernel functions taking an skb whose whole name matches REGEX ('.*' for all)"
                    + " instead of the skb tracepoints; needs kprobes, kprobe-multi or fentry")
    String skbFunctions;

    @Option(names = "--filter-trace-sk",
            description = "trace sockets: on the sock and tcp tracepoints, or on the kernel functions of --filter-sk-func")
    boolean traceSk;

    @Option(names = "--output-sk",
            description = "print the sock fields of socket events: state, bound device, buffers, priority, mark, type, "
                    + "socket state, inode")
    boolean outputSk;

    @Option(names = "--filter-trace-tcp",
            description = "trace TCP connections: one line when each ends (tuple, who opened it, lifetime)")
    boolean traceTcp;

    @Option(names = "--filter-tcp-lifetime", paramLabel = "DURATION", converter = GoDurationConverter.class,
            description = "only TCP connections that lived at least DURATION, e.g. 100ms, 1s, 1m "
                    + "(implies --filter-trace-tcp)")
    Duration tcpLifetime;

    @Option(names = "--output-tcp",
            description = "print the TCP counters of each connection: bytes, srtt, retransmits, congestion, reset")
    boolean outputTcp;

    @Option(names = "--filter-trace-iptables",
            description = "trace netfilter: one line per table a packet passes (iptables tables, nftables base chains "
                    + "of --filter-netns, else of this namespace, when tracing starts) with its verdict and cost")
    boolean traceIptables;

    @Option(names = "--output-iptables",
            description = "print netfilter verdicts: pf, table, hook, verdict, cost (implies --filter-trace-iptables)")
    boolean outputIptables;

    @Option(names = "--filter-sk-func", paramLabel = "REGEX",
            description = "trace the sock functions whose whole name matches REGEX (implies --filter-trace-sk)")
    String skFunctions;

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

    @Option(names = "--filter-track-skb",
            description = "keep tracing an skb that matched once, even after NAT or decapsulation changed it")
    boolean trackSkb;

    @Option(names = "--filter-addr", paramLabel = "ADDR", description = "filter IP address (IPv4 or IPv6)")
    String address;

    @Option(names = "--filter-port", paramLabel = "PORT", description = "filter port (TCP or UDP, source or destination)")
    Integer port;

    @Option(names = "--filter-protocol", paramLabel = "PROTO", description = "filter protocol: tcp, udp, icmp, icmp6")
    String protocol;

    @Option(names = "--filter-netns", paramLabel = "NETNS",
            description = "filter netns (\"/proc/<pid>/ns/net\", \"/run/netns/<name>\", \"inode:<inode>\")")
    String netns;

    @Option(names = "--filter-ifname", paramLabel = "IFNAME",
            description = "filter skb ifname (in --filter-netns if given, else in any netns)")
    String ifname;

    @Option(names = "--filter-skb-mark", paramLabel = "MARK", converter = UnsignedNumberConverter.class,
            description = "filter skb mark (decimal or 0x hex)")
    Long mark;

    @Option(names = "--filter-sk-mark", paramLabel = "MARK", converter = UnsignedNumberConverter.class,
            description = "filter the mark of the skb's socket (sk_mark; decimal or 0x hex)")
    Long skMark;

    @Option(names = "--filter-pid", paramLabel = "PID", description = "filter events of this process (tgid)")
    Integer pid;

    @Option(names = "--filter-comm", paramLabel = "COMM", description = "filter events of tasks with this command name")
    String comm;

    @Option(names = "--filter-icmp-id", paramLabel = "ID", description = "filter ICMP/ICMPv6 packets with this echo id")
    Integer icmpId;

    @Parameters(paramLabel = "PCAP-FILTER", arity = "0..*",
            description = "pcap-filter expression (man 7 pcap-filter), e.g. 'tcp port 443 and host 10.0.0.1'; "
                    + "several arguments are joined with spaces, as by tcpdump and vista")
    List<String> pcapFilter = List.of();

    @Option(names = "--filter-skb-drop-stack", description = "print the kernel stack of each dropped skb (kfree_skb)")
    boolean dropStack;

    @Option(names = "--output-meta", description = "print skb metadata")
    boolean meta;

    @Option(names = "--output-tuple", description = "print L4 tuple")
    boolean tuple;

    @Option(names = "--output-caller", description = "print the caller of each traced kernel function")
    boolean caller;

    @Option(names = "--output-stack", description = "print stack")
    boolean stack;

    @Option(names = "--output-limit-lines", paramLabel = "N",
            description = "exit the program after the number of events has been received/printed")
    long limit;

    @Option(names = "--output-file", paramLabel = "FILE", description = "write traces to file")
    Path outputFile;

    @Option(names = "--output-json", description = "print one JSON object per event and line instead of vista's text")
    boolean json;

    @Option(names = "--timestamp", paramLabel = "MODE", defaultValue = "none",
            description = "print timestamp per event: relative (ns since start), absolute, none (default)")
    TimestampMode timestamp;

    @Option(names = "--ring-size", paramLabel = "BYTES",
            description = "size of the kernel ring buffer: a power of two, 65536 to 1073741824 (default 32 MiB)")
    int ringSize = DEFAULT_RING_BYTES;

    @Mixin
    LoggingOptions logging;

    @Spec
    CommandSpec spec;

    private final StopRequest stop;

    VistaCommand(StopRequest stop) {
        this.stop = stop;
    }

    public static void main(String[] args) {
        StopRequest stop = StopRequest.onShutdown();
        int code;
        try {
            code = commandLine(stop).execute(args);
        } finally {
            stop.finished();
        }
        // On Ctrl-C the JVM is already shutting down, where System.exit would block; it exits when its hooks are done.
        if (!stop.requested()) {
            System.exit(code);
        }
    }

    /** The command with its subcommands, flags and error handling; {@code execute} returns the exit code. */
    static CommandLine commandLine(StopRequest stop) {
        CommandLine cli = new CommandLine(new VistaCommand(stop));
        UnsupportedVistaFlags.addTo(cli.getCommandSpec());
        cli.addSubcommand(new DemoCommand(stop));
        cli.addSubcommand(new TcpwCommand());
        cli.getSubcommands().get("tcpw").setStopAtPositional(true); // CMD's own flags are CMD's
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionStrategy(VistaCommand::refuseUnsupportedThenRun);
        cli.setParameterExceptionHandler(VistaCommand::reportBadCommandLine);
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (stop.requested()) {
                // Ctrl-C in the middle of something (starting, the demo's setup): the shutdown hooks clean up.
                command.getErr().println("vista: interrupted");
                return INTERRUPTED;
            }
            if (!(e instanceof VistaException)) {
                throw e;
            }
            command.getErr().println("vista: " + e.getMessage());
            if (e instanceof KernelFeatureException && parsed.hasMatchedOption("--filter-skb-func")) {
                // The library's advice names its builder; say what it means on this command line.
                command.getErr().println("vista: without --filter-skb-func the skb tracepoints are traced");
            }
            return BAD_INPUT;
        });
        return cli;
    }

    private static int refuseUnsupportedThenRun(ParseResult parsed) {
        Optional<String> unsupported = UnsupportedVistaFlags.firstUsed(parsed);
        if (unsupported.isPresent()) {
            parsed.commandSpec().commandLine().getErr().println("vista: " + unsupported.get() + " is not supported yet");
            return ExitCode.USAGE;
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /** A value that does not convert is bad input (1); an unknown or incomplete flag is a bad command line (2). */
    private static int reportBadCommandLine(ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("vista: " + e.getMessage());
        if (e.getCause() instanceof TypeConversionException) {
            return BAD_INPUT;
        }
        err.println("Try 'vista --help' for more information.");
        return ExitCode.USAGE;
    }

    @Override
    public Integer call() throws InterruptedException {
        TracerBuilder builder = tracerBuilder();
        TracePlan plan = builder.build();
        EventFormat format = json ? new JsonEventFormat()
                : EventFormat.of(VistaLineFormatter.forPlan(plan, System.nanoTime()));
        DropTally drops = new DropTally();
        PrintWriter out = openOutput();
        Tracer tracer;
        try (EventPrinter printer = new EventPrinter(format, out)) {
            tracer = builder.onEvent(printer.andThen(drops)).onTcpConnection(printer::printTcpConnection)
                    .onSockEvent(printer::printSockEvent).onNetfilter(printer::printNetfilter)
                    .onLoss(printer::printLoss).start();
            try {
                printer.printHeader();
                log().info("Listening for events..");
                awaitEnd(tracer);
            } finally {
                tracer.close();
            }
        } finally {
            if (outputFile != null) {
                out.close();
            }
        }
        spec.commandLine().getErr().print(new TraceSummary(tracer.stats(), drops.byReason()));
        spec.commandLine().getErr().flush();
        return ExitCode.OK;
    }

    TracerBuilder tracerBuilder() {
        // Function-tracing flags are checked even without --filter-skb-func: a bad value is never ignored.
        TracerBuilder builder = Tracer.builder().filterTrackSkb(trackSkb).backend(Backend.parse(backend))
                .kernelModules(kernelModules.toArray(String[]::new));
        if (kprobeBatch != null) {
            builder.kprobeBatch(kprobeBatch);
        }
        if (kernelBtf != null) {
            builder.kernelBtf(kernelBtf);
        }
        if (allKernelModules) {
            builder.allKernelModules();
        }
        boolean sockets = traceSk || skFunctions != null;
        boolean tcp = traceTcp || tcpLifetime != null;
        boolean netfilter = traceIptables || outputIptables;
        if (skbFunctions == null && (traceSkb || !sockets && !tcp && !netfilter)) {
            builder.traceSkb();
        }
        if (netfilter) {
            builder.traceNetfilter();
        }
        if (skbFunctions != null || skFunctions != null) {
            builder.onAttachProgress(new AttachProgressBar(spec.commandLine().getErr()));
        }
        if (skbFunctions != null) {
            builder.traceSkbFunctions(skbFunctions);
        }
        if (skFunctions != null) {
            builder.traceSkFunctions(skFunctions);
        } else if (traceSk) {
            builder.traceSkTracepoints();
        }
        if (tcp) {
            builder.traceTcpLifetime();
        }
        if (tcpLifetime != null) {
            builder.filterTcpLifetime(tcpLifetime);
        }
        if (address != null) {
            builder.filterAddress(address);
        }
        if (port != null) {
            builder.filterPort(port);
        }
        if (protocol != null) {
            builder.filterProtocol(protocol);
        }
        if (netns != null) {
            filterNetns(builder, netns);
        }
        if (ifname != null) {
            builder.filterIfname(ifname);
        }
        if (mark != null) {
            builder.filterSkbMark(mark);
        }
        if (skMark != null) {
            builder.filterSkMark(skMark);
        }
        if (pid != null) {
            builder.filterPid(pid);
        }
        if (comm != null) {
            builder.filterComm(comm);
        }
        if (icmpId != null) {
            builder.filterIcmpId(icmpId);
        }
        if (!pcapFilter.isEmpty()) {
            builder.filter(String.join(" ", pcapFilter));
        }
        builder.ringBufferSize(ringSize);
        Set<Output> outputs = EnumSet.noneOf(Output.class);
        if (meta) {
            outputs.add(Output.META);
        }
        if (tuple) {
            outputs.add(Output.TUPLE);
        }
        if (stack) {
            outputs.add(Output.STACK);
        }
        if (caller) {
            outputs.add(Output.CALLER);
        }
        if (outputTcp) {
            outputs.add(Output.TCP);
        }
        if (outputSk) {
            outputs.add(Output.SK);
        }
        return builder.output(outputs.toArray(Output[]::new)).filterSkbDropStack(dropStack).outputLimit(limit)
                .timestamps(timestamp);
    }

    /** vista's netns specifiers: a namespace file, or {@code inode:<inode>}. */
    private static void filterNetns(TracerBuilder builder, String specifier) {
        Matcher inode = NETNS_INODE.matcher(specifier);
        if (specifier.startsWith("/")) {
            builder.filterNetns(Path.of(specifier));
        } else if (inode.matches()) {
            builder.filterNetns(Long.parseLong(inode.group(1)));
        } else {
            throw new InvalidPlanException("netns '" + specifier + "' is not valid: give /proc/<pid>/ns/net, "
                    + "/run/netns/<name> or inode:<inode>");
        }
    }

    private PrintWriter openOutput() {
        if (outputFile == null) {
            return spec.commandLine().getOut();
        }
        try {
            // One write system call per 256 KiB of output rather than per 8 KiB.
            return new PrintWriter(new OutputStreamWriter(
                    new BufferedOutputStream(Files.newOutputStream(outputFile), OUTPUT_FILE_BUFFER_BYTES),
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The file exceptions' messages are just the path: say what went wrong.
            String problem = switch (e) {
                case NoSuchFileException _ -> "its directory does not exist";
                case AccessDeniedException _ -> "permission denied";
                default -> e.getMessage();
            };
            throw new VistaException("cannot write --output-file " + outputFile + ": " + problem, e);
        }
    }

    /** Until Ctrl-C, or until --output-limit-lines events were printed. */
    private void awaitEnd(Tracer tracer) throws InterruptedException {
        while (!stop.await(LIMIT_CHECK_INTERVAL)) {
            if (tracer.awaitLimit(Duration.ZERO)) {
                log().info("Printed {} events, exiting program..", limit);
                return;
            }
        }
        log().info("Received signal, exiting program..");
    }

    // Looked up when needed, not in a static field: --log-level must be parsed before slf4j starts.
    private static Logger log() {
        return LoggerFactory.getLogger(VistaCommand.class);
    }
}
