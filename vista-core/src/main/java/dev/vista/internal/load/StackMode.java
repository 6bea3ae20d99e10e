package dev.vista.internal.load;

/** Which events carry a kernel stack: values of {@code enum vista_stack_mode}. */
public enum StackMode {
    NONE,
    ALL,
    DROPS
}
