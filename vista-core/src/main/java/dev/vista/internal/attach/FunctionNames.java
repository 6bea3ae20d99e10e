package dev.vista.internal.attach;

/**
 * Which traced kernel function's code starts at an address (a function event's func_ip), as the attaching learned
 * it from the kernel: how events are named without reading kallsyms.
 */
@FunctionalInterface
public interface FunctionNames {
    /** For traces whose attaching learned no addresses: kallsyms names their events. */
    FunctionNames NONE = address -> null;

    /** The name of the traced function that starts at {@code address}, or null when not known here. */
    String at(long address);
}
