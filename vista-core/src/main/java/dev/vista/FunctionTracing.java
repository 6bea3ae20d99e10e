package dev.vista;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which kernel functions to trace and how: every function that takes a {@code struct sk_buff *}
 * in its first five parameters and whose whole name matches {@code filter}.
 *
 * @param filter         a regular expression the function's whole name matches ({@code ip_rcv} for one)
 * @param backend        how to attach; AUTO probes the kernel
 * @param kernelModules  modules whose functions are traced too
 * @param allKernelModules trace the functions of every module with BTF
 * @param kprobeBatch    threads attaching kprobes concurrently (KPROBE backend)
 */
public record FunctionTracing(Pattern filter, Backend backend, Set<String> kernelModules, boolean allKernelModules,
        int kprobeBatch) {
    public FunctionTracing {
        kernelModules = Set.copyOf(kernelModules);
    }
}
