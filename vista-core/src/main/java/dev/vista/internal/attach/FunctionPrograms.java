package dev.vista.internal.attach;

import dev.vista.Backend;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel-function programs and their objects. fentry_functions.bpf.c has one fentry program per
 * traced struct and argument position (1-5), e.g. vista_fentry_sk_2; kprobe_functions.bpf.c one kprobe
 * program per slot, e.g. vista_kprobe_skb_1, and a single kprobe-multi one, vista_kmulti, told struct and
 * position by each function's attach cookie. They are two objects because the kprobe programs need the
 * bpf_rdonly_cast kfunc (Linux 6.2+), which the fentry ones do not.
 */
final class FunctionPrograms {
    static final int MAX_POSITION = 5;
    static final String KPROBE_MULTI = "vista_kmulti";

    private FunctionPrograms() {
    }

    /** The class-path resource of the object that holds {@code backend}'s programs. */
    static String object(Backend backend) {
        return switch (backend) {
            case FENTRY -> "fentry_functions.bpf.o";
            case KPROBE, KPROBE_MULTI -> "kprobe_functions.bpf.o";
            case AUTO -> throw new IllegalArgumentException("AUTO is resolved by probing before loading");
        };
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

    /** Every program of the object that holds {@code backend}'s programs. */
    static List<String> all(Backend backend) {
        List<String> names = new ArrayList<>();
        Backend perSlotBackend = backend == Backend.FENTRY ? Backend.FENTRY : Backend.KPROBE;
        if (perSlotBackend == Backend.KPROBE) {
            names.add(KPROBE_MULTI);
        }
        for (TracedStruct struct : TracedStruct.values()) {
            for (int position = 1; position <= MAX_POSITION; position++) {
                names.add(perSlot(perSlotBackend, new ProgramSlot(struct, position)));
            }
        }
        return names;
    }
}
