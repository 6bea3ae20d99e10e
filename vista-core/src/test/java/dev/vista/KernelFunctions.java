package dev.vista;

import dev.vista.internal.btf.Btf;
import dev.vista.internal.functions.FunctionCatalog;
import dev.vista.internal.functions.TracedFunction;
import dev.vista.internal.kallsyms.KernelSymbols;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Facts about the running kernel's functions that tests pick their subjects by. */
final class KernelFunctions {
    private KernelFunctions() {
    }

    /**
     * Traceable sk_buff functions of the kernel image whose name more than one function of the
     * image has (static functions in different files), as /proc/kallsyms lists them.
     */
    static List<String> skbFunctionsWithSharedNames() throws IOException {
        Map<String, Long> codeSymbols;
        try (Stream<String> lines = Files.lines(Path.of("/proc/kallsyms"))) {
            codeSymbols = lines.map(line -> line.split("\\s+")).filter(f -> f.length == 3)
                    .filter(f -> f[1].equalsIgnoreCase("t"))
                    .collect(Collectors.groupingBy(f -> f[2], Collectors.counting()));
        }
        List<String> shared = FunctionCatalog.load(Btf.vmlinux(), KernelSymbols::load, Set.of(), false)
                .select("sk_buff", Pattern.compile(".*")).functions().stream().map(TracedFunction::name)
                .filter(name -> codeSymbols.getOrDefault(name, 0L) > 1).distinct().toList();
        if (shared.isEmpty()) {
            throw new IllegalStateException("this kernel has no sk_buff function whose name several share");
        }
        return shared;
    }
}
