package dev.vista.internal.functions;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The functions chosen for one struct and name filter, and how many matching ones were left out, per reason.
 *
 * @param structName the struct whose pointer the functions take ({@code sk_buff}, {@code sock})
 * @param functions  vmlinux's in BTF id order, then each module's, modules by name
 * @param ignored    reasons with a non-zero count
 */
public record FunctionSelection(String structName, List<TracedFunction> functions, Map<IgnoreReason, Integer> ignored) {
    public FunctionSelection {
        functions = List.copyOf(functions);
        ignored = ignored.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(ignored));
    }

    public int ignoredCount() {
        return ignored.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * For logs and progress reports, e.g. {@code 2372 functions taking struct sk_buff *, ignored 34 (34 not in
     * kallsyms)}. Concatenated, not {@code formatted}: a start logs it, and {@code %d} would load the locale's
     * number symbols (BENCHMARKS.md, issue 19, "Fifteenth round").
     */
    public String summary() {
        String selected = functions.size() + " functions taking struct " + structName + " *";
        if (ignored.isEmpty()) {
            return selected;
        }
        return selected + ", ignored " + ignoredCount() + " (" + describeIgnored() + ")";
    }

    /** e.g. {@code 34 not in kallsyms, 2 not traceable by ftrace} */
    String describeIgnored() {
        return ignored.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().description())
                .collect(Collectors.joining(", "));
    }
}
