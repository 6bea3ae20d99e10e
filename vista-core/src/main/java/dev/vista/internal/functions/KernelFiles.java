package dev.vista.internal.functions;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the catalog reads the kernel's lists; tests point these at small files. (kallsyms comes as a
 * {@link dev.vista.internal.kallsyms.KernelSymbols}, read once for the whole tracer.)
 *
 * @param btfDir          holds {@code vmlinux} and one split BTF per module that has BTF
 * @param ftraceFunctions candidate paths of {@code available_filter_functions}, the first readable one wins
 */
public record KernelFiles(Path btfDir, List<Path> ftraceFunctions) {
    /** The running kernel's; tracefs at its own mount point first, then the older one under debugfs. */
    public static final KernelFiles DEFAULT = new KernelFiles(
            Path.of("/sys/kernel/btf"),
            List.of(Path.of("/sys/kernel/tracing/available_filter_functions"),
                    Path.of("/sys/kernel/debug/tracing/available_filter_functions")));

    public KernelFiles {
        ftraceFunctions = List.copyOf(ftraceFunctions);
    }
}
