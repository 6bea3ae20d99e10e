package dev.vista.internal.functions;

/**
 * A kernel function a tracer can attach to.
 *
 * @param name        the function's name, as in BTF and kallsyms
 * @param position    1-based position (1..5) of its first parameter that points to the traced struct;
 *                    one BPF program variant per position reads the right register
 * @param module      the kernel module that holds it, or null for the kernel image (vmlinux)
 * @param btfTypeId   id of its FUNC in its own BTF (vmlinux's, or the module's split BTF, whose ids
 *                    continue vmlinux's), as fentry's attach_btf_id wants it
 */
public record TracedFunction(String name, int position, String module, int btfTypeId) {
    public TracedFunction {
        if (position < 1 || position > FunctionCatalog.MAX_ARG_POSITION) {
            throw new IllegalArgumentException("argument position %d of %s is outside 1..%d"
                    .formatted(position, name, FunctionCatalog.MAX_ARG_POSITION));
        }
    }
}
