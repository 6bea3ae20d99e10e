package dev.vista;

import dev.vista.event.NetfilterWay;
import dev.vista.event.PacketProgramType;
import dev.vista.event.Tracepoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a trace listens to: the kernel's event sources it attaches to.
 *
 * @param traceTracepoints   whether to trace the skb tracepoints
 * @param tracepoints        the tracepoints asked for by name, or empty for every skb tracepoint the kernel has
 * @param functions          the kernel functions to trace, or null for none
 * @param traceTcpLifetime   report each TCP connection when it ends
 * @param cgroupSockets      report the sockets the processes of this cgroup (v2 directory) use, or null
 * @param traceSkTracepoints trace sockets on the sock and tcp tracepoints
 * @param traceNetfilter     report what each netfilter table decided about each packet
 * @param netfilterNamespaces the namespaces whose tables to observe (files naming them), or empty for the one
 *                           the netns filter names (else the tracer's own)
 * @param netfilterWay       how to observe them, or null to choose by probing the kernel
 * @param programs           the kinds of BPF programs (TC, XDP) to trace with fentry/fexit, each with the regex
 *                           their names must contain a match of; empty for none
 */
public record Sources(boolean traceTracepoints, Set<Tracepoint> tracepoints, FunctionTracing functions,
        boolean traceTcpLifetime, Path cgroupSockets, boolean traceSkTracepoints, boolean traceNetfilter,
        List<Path> netfilterNamespaces, NetfilterWay netfilterWay, Map<PacketProgramType, Pattern> programs) {

    public Sources {
        tracepoints = Set.copyOf(tracepoints);
        netfilterNamespaces = List.copyOf(netfilterNamespaces);
        programs = Map.copyOf(programs);
    }

    /** Whether any source produces packet (skb) events: TC and XDP programs' events are packet events too. */
    public boolean tracesPackets() {
        return traceTracepoints || functions != null && functions.skbFilter() != null || !programs.isEmpty();
    }

    /** Whether any source produces socket events ({@code SockEvent}). */
    public boolean tracesSockets() {
        return traceSkTracepoints || functions != null && functions.skFilter() != null;
    }
}
