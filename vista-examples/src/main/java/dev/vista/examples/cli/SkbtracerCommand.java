package dev.vista.examples.cli;

import dev.vista.InvalidPlanException;
import dev.vista.KernelFeatureException;
import dev.vista.Output;
import dev.vista.Tracer;
import dev.vista.TracerBuilder;
import dev.vista.event.Tracepoint;
import dev.vista.examples.output.EventPrinter;
import dev.vista.format.SkbtracerFormat;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vista skbtracer [flags]}: Asphaltt/skbtracer's flags, probes and table, for its users. Where
 * kernel functions cannot be traced it traces the tracepoints closest to its probes and says so first.
 */
@Command(name = "skbtracer", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trace packets as Asphaltt/skbtracer does, with its flags and its table: "
                + "TIME NETWORK_NS CPU INTERFACE DEST_MAC IP_LEN PKT_INFO TRACE_INFO. Needs root."},
        footer = {"", "Examples:",
            "  vista skbtracer                                      # trace all packets",
            "  vista skbtracer --proto=icmp -H 1.2.3.4 --icmpid 22  # icmp with addr=1.2.3.4 and icmpid=22",
            "  vista skbtracer --proto=tcp  -H 1.2.3.4 -P 22        # tcp with addr=1.2.3.4:22",
            "  vista skbtracer -c 10                                # the first 10 events"})
final class SkbtracerCommand implements Callable<Integer> {
    /** skbtracer's kprobes; those the kernel lacks (or inlined) are left out. */
    static final List<String> FUNCTIONS = List.of("netif_rx", "__netif_receive_skb", "tpacket_rcv", "packet_rcv",
            "napi_gro_receive", "__dev_queue_xmit", "br_handle_frame_finish", "br_nf_pre_routing",
            "br_nf_pre_routing_finish", "br_pass_frame_up", "br_netif_receive_skb", "br_forward", "__br_forward",
            "br_forward_finish", "br_nf_forward_ip", "br_nf_forward_finish", "br_nf_post_routing",
            "br_nf_dev_queue_xmit", "ip_rcv", "ip_rcv_finish", "ip_output", "ip_finish_output", "__kfree_skb");
    /** Where functions cannot be traced: the tracepoints in the same places (receive, GRO, transmit, free). */
    static final List<Tracepoint> TRACEPOINTS = List.of(Tracepoint.NETIF_RX, Tracepoint.NETIF_RECEIVE_SKB,
            Tracepoint.NAPI_GRO_RECEIVE_ENTRY, Tracepoint.NET_DEV_QUEUE, Tracepoint.KFREE_SKB);

    private final StopRequest stop;

    @Option(names = {"-H", "--ipaddr"}, paramLabel = "ADDR", description = "ip address (IPv4 or IPv6)")
    String address;

    @Option(names = {"-P", "--port"}, description = "udp or tcp port")
    Integer port;

    @Option(names = "--proto", paramLabel = "PROTO", description = "tcp|udp|icmp|any")
    String protocol;

    @Option(names = "--icmpid", paramLabel = "ID", description = "trace icmp id")
    Integer icmpId;

    @Option(names = {"-p", "--pid"}, description = "trace this PID only")
    Integer pid;

    @Option(names = {"-N", "--netns"}, paramLabel = "INODE", description = "trace this netns inode only")
    Long netns;

    @Option(names = {"-c", "--catch-count"}, paramLabel = "N", defaultValue = "1000",
            description = "catch and print count (default ${DEFAULT-VALUE}; 0: until Ctrl-C)")
    long catchCount;

    @Option(names = {"-T", "--time"}, arity = "0..1", defaultValue = "true", fallbackValue = "true",
            description = "show HH:MM:SS timestamp (default true; accepted as skbtracer accepts it: the time shows "
                    + "unless -t)")
    boolean time;

    @Option(names = {"-t", "--timestamp"}, description = "show timestamp in seconds at us resolution")
    boolean timestamp;

    @Option(names = {"--iptable", "--iptables"}, description = "output iptables path (netfilter verdicts)")
    boolean iptable;

    @Option(names = "--noroute", description = "do not output route path (with --iptable: only the verdicts)")
    boolean noRoute;

    @Option(names = "--dropstack", description = "output kernel stack trace when drop packet")
    boolean dropStack;

    @Option(names = "--callstack", description = "output kernel stack trace")
    boolean callStack;

    @Spec
    CommandSpec spec;

    SkbtracerCommand(StopRequest stop) {
        this.stop = stop;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Tracer tracer;
        try (EventPrinter printer = new EventPrinter(new SkbtracerFormat(ZoneId.systemDefault(), timestamp), out)) {
            tracer = start(printer, out);
            StartupCompilerPriority.restore();
            try {
                printer.printHeader();
                TraceRun.awaitEnd(tracer, stop, null);
            } finally {
                tracer.close();
            }
        }
        out.println();
        out.println(tracer.stats().delivered() + " event(s) received");
        out.println(tracer.stats().lost() + " event(s) lost (e.g. small buffer, delays in processing)");
        out.flush();
        err.flush();
        return ExitCode.OK;
    }

    /**
     * On skbtracer's functions if the kernel lets us, else on the tracepoints closest to them; with
     * {@code --iptable} netfilter's verdicts too, and with {@code --noroute} only those.
     */
    private Tracer start(EventPrinter printer, PrintWriter out) {
        if (noRoute) {
            if (!iptable) {
                throw new InvalidPlanException("--noroute without --iptable leaves nothing to trace: add --iptable");
            }
            return configure(printer).start();
        }
        try {
            return configure(printer).traceSkbFunctions(String.join("|", FUNCTIONS)).allKernelModules().start();
        } catch (KernelFeatureException e) {
            LoggerFactory.getLogger(SkbtracerCommand.class).debug("why kernel functions cannot be traced", e);
            out.println("# kernel functions cannot be traced here (no kprobes, kprobe-multi or fentry; --log-level "
                    + "debug says why): tracing the tracepoints closest to skbtracer's probes instead: "
                    + String.join(", ", TRACEPOINTS.stream().map(Tracepoint::kernelName).toList()));
            out.flush();
            return configure(printer).traceTracepoints(TRACEPOINTS.toArray(Tracepoint[]::new)).start();
        }
    }

    private TracerBuilder configure(EventPrinter printer) {
        TracerBuilder builder = Tracer.builder().output(callStack ? new Output[] {Output.META, Output.TUPLE,
                Output.STACK} : new Output[] {Output.META, Output.TUPLE}).filterSkbDropStack(dropStack)
                .capturePackets(SkbtracerFormat.SNAPLEN).outputLimit(catchCount).onEvent(printer)
                .onLoss(printer::printLoss);
        if (iptable) {
            builder.traceNetfilter().onNetfilter(printer::printNetfilter);
        }
        if (address != null) {
            builder.filterAddress(address);
        }
        if (port != null) {
            builder.filterPort(port);
        }
        if (protocol != null && !protocol.equals("any")) {
            builder.filterProtocol(protocol);
        }
        if (icmpId != null) {
            builder.filterIcmpId(icmpId);
        }
        if (pid != null) {
            builder.filterPid(pid);
        }
        if (netns != null) {
            builder.filterNetns(netns);
        }
        return builder;
    }
}
