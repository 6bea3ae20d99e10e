package dev.vista.internal.attach;

import dev.vista.Backend;

/** Names of the programs of skb_functions.bpf.c: one per backend and skb argument position (1-5). */
final class SkbFunctionPrograms {
    static final int MAX_POSITION = 5;

    private SkbFunctionPrograms() {
    }

    static String name(Backend backend, int position) {
        String kind = switch (backend) {
            case KPROBE -> "kprobe";
            case KPROBE_MULTI -> "kmulti";
            case FENTRY -> "fentry";
            case AUTO -> throw new IllegalArgumentException("AUTO is resolved before programs are chosen");
        };
        return "vista_" + kind + "_skb_" + position;
    }
}
