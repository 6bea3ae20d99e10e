package dev.vista;

import dev.vista.event.Tracepoint;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * An immutable, validated description of a trace: what to trace, which packets, what to record.
 * Made by {@link TracerBuilder#build()}; nothing in it has touched the kernel.
 *
 * @param traceTracepoints whether to trace the skb tracepoints
 * @param tracepoints     the tracepoints asked for by name, or empty for every skb tracepoint the kernel has
 * @param functions       the kernel functions to trace, or null for none
 * @param trackSkb        once a packet matched, follow it even when it no longer matches (after NAT, ...)
 * @param netnsInode      only packets in this network namespace (its inode), or 0 for any
 * @param mark            only packets with this skb mark, or null for any
 * @param protocol        only this L4 protocol, or null for any
 * @param port            only packets with this source or destination port, or 0 for any
 * @param address         only packets from or to this address, or null for any
 * @param ifname          only packets on this interface (in the netns filtered on, else the tracer's), or null
 * @param skMark          only packets whose socket has this mark (sk_mark), or null for any
 * @param pid             only events in this process (tgid), or 0 for any
 * @param comm            only events in tasks with this command name, or null for any
 * @param icmpId          only ICMP/ICMPv6 packets with this echo id, or null for any
 * @param pcapFilter      only packets matching this pcap-filter expression (man 7 pcap-filter), or null
 * @param outputs         what events carry beyond the basics
 * @param dropStack       record the kernel stack of every drop (kfree_skb)
 * @param limit           stop delivering after this many events, or 0 for no limit
 * @param timestamps      how formatters print time
 * @param ringBufferBytes size of the kernel ring buffer (a power of two)
 * @param kernelBtf       BTF of the running kernel to use instead of /sys/kernel/btf/vmlinux, or null
 * @param traceTcpLifetime report each TCP connection when it ends
 * @param tcpMinLifetime  only TCP connections that lived at least this long (zero: all)
 * @param cgroupSockets   report the sockets the processes of this cgroup (v2 directory) use, or null
 * @param traceSkTracepoints trace sockets on the sock and tcp tracepoints
 */
public record TracePlan(boolean traceTracepoints, Set<Tracepoint> tracepoints, FunctionTracing functions,
        boolean trackSkb, long netnsInode, Long mark, Protocol protocol, int port,
        InetAddress address, String ifname, Long skMark, int pid, String comm, Integer icmpId,
        String pcapFilter, Set<Output> outputs, boolean dropStack, long limit,
        TimestampMode timestamps, int ringBufferBytes, Path kernelBtf,
        boolean traceTcpLifetime, Duration tcpMinLifetime, Path cgroupSockets, boolean traceSkTracepoints) {

    public TracePlan {
        tracepoints = Set.copyOf(tracepoints);
        outputs = Set.copyOf(outputs);
    }

    public boolean has(Output output) {
        return outputs.contains(output);
    }
}
