package dev.vista.examples.cli;

import dev.vista.Backend;
import dev.vista.InvalidPlanException;
import dev.vista.Output;
import dev.vista.Tracer;
import dev.vista.TracerBuilder;
import dev.vista.examples.output.AttachProgressBar;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** From {@code vista}'s flags to a {@link TracerBuilder}: what each flag asks of the library. */
final class TracerOptions {
    // Inodes are 32-bit: ten digits at most, and the builder checks the range.
    private static final Pattern NETNS_INODE = Pattern.compile("inode:(\\d{1,10})");

    private TracerOptions() {
    }

    /** A builder set as the flags say; attach progress of kernel functions goes to {@code err}. */
    static TracerBuilder builder(SourceOptions sources, FilterOptions filters, OutputOptions outputs,
            PrintWriter err) {
        TracerBuilder builder = KernelIndexCacheDirectory.use(Tracer.builder());
        sources(builder, sources, err);
        filters(builder, filters);
        outputs(builder, outputs);
        return builder;
    }

    private static void sources(TracerBuilder builder, SourceOptions sources, PrintWriter err) {
        // Function-tracing flags are checked even without --filter-skb-func: a bad value is never ignored.
        builder.backend(Backend.parse(sources.backend())).kernelModules(sources.kernelModules().toArray(String[]::new));
        if (sources.kprobeBatch() != null) {
            builder.kprobeBatch(sources.kprobeBatch());
        }
        if (sources.kernelBtf() != null) {
            builder.kernelBtf(sources.kernelBtf());
        }
        if (sources.allKernelModules()) {
            builder.allKernelModules();
        }
        if (sources.skbFunctions() == null
                && (sources.traceSkb() || !sources.sockets() && !sources.tcp() && !sources.netfilter()
                        && !sources.programs())) {
            builder.traceSkb();
        }
        programs(builder, sources);
        if (sources.netfilter()) {
            builder.traceNetfilter();
        }
        if (sources.functions()) {
            builder.onAttachProgress(new AttachProgressBar(err));
        }
        if (sources.skbFunctions() != null) {
            builder.traceSkbFunctions(sources.skbFunctions());
        }
        if (sources.skFunctions() != null) {
            builder.traceSkFunctions(sources.skFunctions());
        } else if (sources.traceSk()) {
            builder.traceSkTracepoints();
        }
        if (sources.tcp()) {
            builder.traceTcpLifetime();
        }
        if (sources.tcpLifetime() != null) {
            builder.filterTcpLifetime(sources.tcpLifetime());
        }
    }

    private static void programs(TracerBuilder builder, SourceOptions sources) {
        String name = sources.programName() == null ? "" : sources.programName();
        if (sources.programName() != null && !sources.programs()) {
            throw new InvalidPlanException("--filter-trace-prog selects TC/XDP programs: add --filter-trace-tc or "
                    + "--filter-trace-xdp");
        }
        if (sources.traceTc()) {
            builder.traceTcPrograms(name);
        }
        if (sources.traceXdp()) {
            builder.traceXdpPrograms(name);
        }
    }

    private static void filters(TracerBuilder builder, FilterOptions filters) {
        builder.filterTrackSkb(filters.trackSkb());
        if (filters.address() != null) {
            builder.filterAddress(filters.address());
        }
        if (filters.port() != null) {
            builder.filterPort(filters.port());
        }
        if (filters.protocol() != null) {
            builder.filterProtocol(filters.protocol());
        }
        if (filters.netns() != null) {
            filterNetns(builder, filters.netns());
        }
        if (filters.ifname() != null) {
            builder.filterIfname(filters.ifname());
        }
        if (filters.mark() != null) {
            builder.filterSkbMark(filters.mark());
        }
        if (filters.skMark() != null) {
            builder.filterSkMark(filters.skMark());
        }
        if (filters.pid() != null) {
            builder.filterPid(filters.pid());
        }
        if (filters.comm() != null) {
            builder.filterComm(filters.comm());
        }
        if (filters.icmpId() != null) {
            builder.filterIcmpId(filters.icmpId());
        }
        if (!filters.pcapFilter().isEmpty()) {
            builder.filter(String.join(" ", filters.pcapFilter()));
        }
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

    private static void outputs(TracerBuilder builder, OutputOptions outputs) {
        builder.ringBufferSize(outputs.ringSize());
        Set<Output> selected = EnumSet.noneOf(Output.class);
        if (outputs.meta()) {
            selected.add(Output.META);
        }
        if (outputs.tuple()) {
            selected.add(Output.TUPLE);
        }
        if (outputs.stack()) {
            selected.add(Output.STACK);
        }
        if (outputs.caller()) {
            selected.add(Output.CALLER);
        }
        if (outputs.tcp()) {
            selected.add(Output.TCP);
        }
        if (outputs.sk()) {
            selected.add(Output.SK);
        }
        if (outputs.skb()) {
            selected.add(Output.SKB);
        }
        if (outputs.sharedInfo()) {
            selected.add(Output.SHINFO);
        }
        builder.output(selected.toArray(Output[]::new)).filterSkbDropStack(outputs.dropStack())
                .outputLimit(outputs.limit());
    }
}
