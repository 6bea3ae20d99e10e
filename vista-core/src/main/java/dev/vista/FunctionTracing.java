package dev.vista;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which kernel functions to trace and how: those taking a {@code struct sk_buff *} (packets) or a
 * {@code struct sock *} (sockets) in their first five parameters, whose whole name matches the
 * filter for that struct.
 *
 * @param skbFilter        packet functions to trace ({@code ip_rcv} for one, {@code .*} for all), or null
 * @param skFilter         socket functions to trace, or null
 * @param backend          how to attach; AUTO probes the kernel
 * @param kernelModules    modules whose functions are traced too
 * @param allKernelModules trace the functions of every module with BTF
 * @param kprobeBatch      threads attaching kprobes concurrently (KPROBE backend)
 */
public record FunctionTracing(Pattern skbFilter, Pattern skFilter, Backend backend, Set<String> kernelModules,
        boolean allKernelModules, int kprobeBatch) {
    public FunctionTracing {
        kernelModules = Set.copyOf(kernelModules);
    }
}
