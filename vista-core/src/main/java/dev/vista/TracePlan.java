package dev.vista;

import dev.vista.event.Tracepoint;
import java.nio.file.Path;
import java.util.Set;

/**
 * An immutable, validated description of a trace: what to trace, which packets, what to record.
 * Made by {@link TracerBuilder#build()}; nothing in it has touched the kernel.
 *
 * @param traceTracepoints whether to trace the skb tracepoints
 * @param tracepoints     the tracepoints asked for by name, or empty for every skb tracepoint the kernel has
 * @param functions       the kernel functions to trace, or null for none
 * @param filters         which events to keep (in the kernel)
 * @param outputs         what events carry beyond the basics
 * @param dropStack       record the kernel stack of every drop (kfree_skb)
 * @param limit           stop delivering after this many events, or 0 for no limit
 * @param timestamps      how formatters print time
 * @param ringBufferBytes size of the kernel ring buffer (a power of two)
 * @param kernelBtf       BTF of the running kernel to use instead of /sys/kernel/btf/vmlinux, or null
 * @param traceTcpLifetime report each TCP connection when it ends
 * @param cgroupSockets   report the sockets the processes of this cgroup (v2 directory) use, or null
 * @param traceSkTracepoints trace sockets on the sock and tcp tracepoints
 */
public record TracePlan(boolean traceTracepoints, Set<Tracepoint> tracepoints, FunctionTracing functions,
        Filters filters, Set<Output> outputs, boolean dropStack, long limit,
        TimestampMode timestamps, int ringBufferBytes, Path kernelBtf,
        boolean traceTcpLifetime, Path cgroupSockets, boolean traceSkTracepoints) {

    public TracePlan {
        tracepoints = Set.copyOf(tracepoints);
        outputs = Set.copyOf(outputs);
    }

    public boolean has(Output output) {
        return outputs.contains(output);
    }
}
