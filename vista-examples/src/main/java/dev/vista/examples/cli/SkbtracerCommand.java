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
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code vista skbtracer [flags]}: Asphaltt/skbtracer's flags, probes and table, for its users. Where
 * kernel functions cannot be traced it traces the tracepoints closest to its probes and says so first.
 */
final class SkbtracerCommand extends FlagGroup implements Callable<Integer> {
    /** skbtracer's kprobes; those the kernel lacks (or inlined) are left out. */
    static final List<String> FUNCTIONS = List.of("netif_rx", "__netif_receive_skb", "tpacket_rcv", "packet_rcv",
            "napi_gro_receive", "__dev_queue_xmit", "br_handle_frame_finish", "br_nf_pre_routing",
            "br_nf_pre_routing_finish", "br_pass_frame_up", "br_netif_receive_skb", "br_forward", "__br_forward",
            "br_forward_finish", "br_nf_forward_ip", "br_nf_forward_finish", "br_nf_post_routing",
            "br_nf_dev_queue_xmit", "ip_rcv", "ip_rcv_finish", "ip_output", "ip_finish_output", "__kfree_skb");
    /** Where functions cannot be traced: the tracepoints in the same places (receive, GRO, transmit, free). */
    static final List<Tracepoint> TRACEPOINTS = List.of(Tracepoint.NETIF_RX, Tracepoint.NETIF_RECEIVE_SKB,
            Tracepoint.NAPI_GRO_RECEIVE_ENTRY, Tracepoint.NET_DEV_QUEUE, Tracepoint.KFREE_SKB);

    private final OptionSpec address = add(OptionSpec.builder("-H", "--ipaddr").paramLabel("ADDR").type(String.class)
            .description("ip address (IPv4 or IPv6)"));
    private final OptionSpec port = add(OptionSpec.builder("-P", "--port").paramLabel("<port>").type(Integer.class)
            .description("udp or tcp port"));
    private final OptionSpec protocol = option("--proto", "PROTO", String.class, "tcp|udp|icmp|any");
    private final OptionSpec icmpId = option("--icmpid", "ID", Integer.class, "trace icmp id");
    private final OptionSpec pid = add(OptionSpec.builder("-p", "--pid").paramLabel("<pid>").type(Integer.class)
            .description("trace this PID only"));
    private final OptionSpec netns = add(OptionSpec.builder("-N", "--netns").paramLabel("INODE").type(Long.class)
            .description("trace this netns inode only"));
    private final OptionSpec catchCount = add(OptionSpec.builder("-c", "--catch-count").paramLabel("N")
            .type(long.class).defaultValue("1000")
            .description("catch and print count (default ${DEFAULT-VALUE}; 0: until Ctrl-C)"));
    // Accepted and ignored, as skbtracer (its -T defaults to true; only -t changes what is shown).
    private final OptionSpec time = add(OptionSpec.builder("-T", "--time").paramLabel("<time>").type(boolean.class)
            .arity("0..1").defaultValue("true").fallbackValue("true")
            .description("show HH:MM:SS timestamp (default true; accepted as skbtracer accepts it: the time shows "
                    + "unless -t)"));
    private final OptionSpec timestamp = add(switchNamed("-t", "--timestamp")
            .description("show timestamp in seconds at us resolution"));
    private final OptionSpec iptable = add(switchNamed("--iptable", "--iptables")
            .description("output iptables path (netfilter verdicts)"));
    private final OptionSpec noRoute = flag("--noroute",
            "do not output route path (with --iptable: only the verdicts)");
    private final OptionSpec dropStack = flag("--dropstack", "output kernel stack trace when drop packet");
    private final OptionSpec callStack = flag("--callstack", "output kernel stack trace");
    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("skbtracer");
    private final StopRequest stop;

    SkbtracerCommand(StopRequest stop) {
        this.stop = stop;
        spec.usageMessage().sortOptions(false)
                .description("Trace packets as Asphaltt/skbtracer does, with its flags and its table: "
                        + "TIME NETWORK_NS CPU INTERFACE DEST_MAC IP_LEN PKT_INFO TRACE_INFO. Needs root.")
                .footer("", "Examples:",
                        "  vista skbtracer                                      # trace all packets",
                        "  vista skbtracer --proto=icmp -H 1.2.3.4 --icmpid 22  # icmp with addr=1.2.3.4 and icmpid=22",
                        "  vista skbtracer --proto=tcp  -H 1.2.3.4 -P 22        # tcp with addr=1.2.3.4:22",
                        "  vista skbtracer -c 10                                # the first 10 events");
        addTo(spec);
        new HelpOptions().addTo(spec);
    }

    CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Tracer tracer;
        SkbtracerFormat format = new SkbtracerFormat(ZoneId.systemDefault(), isSet(timestamp));
        try (EventPrinter printer = new EventPrinter(format, out)) {
            tracer = start(printer, out);
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
        if (isSet(noRoute)) {
            if (!isSet(iptable)) {
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
        Output[] outputs = isSet(callStack) ? new Output[] {Output.META, Output.TUPLE, Output.STACK}
                : new Output[] {Output.META, Output.TUPLE};
        TracerBuilder builder = KernelIndexCacheDirectory.use(Tracer.builder()).output(outputs)
                .filterSkbDropStack(isSet(dropStack))
                .capturePackets(SkbtracerFormat.SNAPLEN).outputLimit(catchCount.getValue()).onEvent(printer)
                .onLoss(printer::printLoss);
        if (isSet(iptable)) {
            builder.traceNetfilter().onNetfilter(printer::printNetfilter);
        }
        String address = this.address.getValue();
        if (address != null) {
            builder.filterAddress(address);
        }
        Integer port = this.port.getValue();
        if (port != null) {
            builder.filterPort(port);
        }
        String protocol = this.protocol.getValue();
        if (protocol != null && !protocol.equals("any")) {
            builder.filterProtocol(protocol);
        }
        Integer icmpId = this.icmpId.getValue();
        if (icmpId != null) {
            builder.filterIcmpId(icmpId);
        }
        Integer pid = this.pid.getValue();
        if (pid != null) {
            builder.filterPid(pid);
        }
        Long netns = this.netns.getValue();
        if (netns != null) {
            builder.filterNetns(netns);
        }
        return builder;
    }
}
