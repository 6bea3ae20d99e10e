package dev.vista.event;

/**
 * One value of a kernel type (a struct or union, an array, or a scalar) decoded from bytes the BPF
 * side copied, with the running kernel's BTF. {@link #type()} names the type the way the kernel's
 * {@code bpf_snprintf_btf} does, so the text of a {@link KernelStruct} reads like that helper's.
 */
public sealed interface KernelValue permits KernelStruct, KernelArray, KernelScalar {

    /**
     * The type as the kernel's printer names it: "unsigned int", "struct net_device *", "char[]", "union"
     * (anonymous).
     */
    String type();

    /** Whether the kernel's printer leaves this value out: a zero scalar, or an aggregate with nothing to show. */
    boolean isEmpty();
}
