package dev.vista.internal.attach;

import dev.vista.Backend;
import java.util.ArrayList;
import java.util.List;

/**
 * Names of the programs of kernel_functions.bpf.c: for kprobe and fentry one per traced struct and
 * argument position (1-5), e.g. vista_kprobe_skb_1 or vista_fentry_sk_2; for kprobe-multi a single
 * one, vista_kmulti, told struct and position by each function's attach cookie.
 */
final class FunctionPrograms {
    static final int MAX_POSITION = 5;
    static final String KPROBE_MULTI = "vista_kmulti";

    private FunctionPrograms() {
    }

    /** The kprobe or fentry program for {@code slot}. */
    static String perSlot(Backend backend, ProgramSlot slot) {
        String kind = switch (backend) {
            case KPROBE -> "kprobe";
            case FENTRY -> "fentry";
            case KPROBE_MULTI, AUTO -> throw new IllegalArgumentException(backend + " has no program per slot");
        };
        return "vista_" + kind + "_" + slot.struct().programSuffix() + "_" + slot.position();
    }

    /** Every program of the object. */
    static List<String> all() {
        List<String> names = new ArrayList<>();
        names.add(KPROBE_MULTI);
        for (Backend backend : List.of(Backend.KPROBE, Backend.FENTRY)) {
            for (TracedStruct struct : TracedStruct.values()) {
                for (int position = 1; position <= MAX_POSITION; position++) {
                    names.add(perSlot(backend, new ProgramSlot(struct, position)));
                }
            }
        }
        return names;
    }
}
