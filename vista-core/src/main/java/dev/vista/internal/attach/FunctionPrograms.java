package dev.vista.internal.attach;

import dev.vista.Backend;

/**
 * Names of the programs of kernel_functions.bpf.c: one per backend, traced struct and argument
 * position (1-5), e.g. vista_kmulti_skb_1 or vista_fentry_sk_2.
 */
final class FunctionPrograms {
    static final int MAX_POSITION = 5;

    private FunctionPrograms() {
    }

    static String name(Backend backend, ProgramSlot slot) {
        String kind = switch (backend) {
            case KPROBE -> "kprobe";
            case KPROBE_MULTI -> "kmulti";
            case FENTRY -> "fentry";
            case AUTO -> throw new IllegalArgumentException("AUTO is resolved before programs are chosen");
        };
        return "vista_" + kind + "_" + slot.struct().programSuffix() + "_" + slot.position();
    }
}
