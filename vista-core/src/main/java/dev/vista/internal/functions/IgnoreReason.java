package dev.vista.internal.functions;

/** Why a function that takes the traced struct and matches the name filter is left out. */
public enum IgnoreReason {
    /**
     * No text symbol of that name (in that module): inlined everywhere, renamed by the compiler (.isra, .constprop),
     * or data. Only told apart when available_filter_functions cannot be read: else NOT_TRACEABLE covers it.
     */
    NOT_IN_KALLSYMS("not in kallsyms"),
    /**
     * Absent from available_filter_functions: ftrace cannot hook it (notrace, in a section ftrace skips, or no code
     * of that name: inlined or renamed), so kprobe-multi refuses it.
     */
    NOT_TRACEABLE("not traceable by ftrace");

    private final String description;

    IgnoreReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
