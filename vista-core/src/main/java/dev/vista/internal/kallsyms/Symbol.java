package dev.vista.internal.kallsyms;

/**
 * A kernel address resolved to the symbol that contains it.
 *
 * @param name   the function's name
 * @param offset how far into the function the address lies
 * @param module the module the function belongs to ({@code bpf} for BPF programs), or null for the kernel image
 */
public record Symbol(String name, long offset, String module) {
    /** The kernel's own notation, e.g. {@code ip_rcv+0x1a} or {@code nf_hook_slow+0x40 [nf_tables]}. */
    @Override
    public String toString() {
        String text = name + "+0x" + Long.toHexString(offset);
        return module == null ? text : text + " [" + module + "]";
    }
}
