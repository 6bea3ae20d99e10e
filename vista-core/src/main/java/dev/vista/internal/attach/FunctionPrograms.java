package dev.vista.internal.attach;

import dev.vista.Backend;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel-function programs and their objects, one per backend. fentry_functions.bpf.c has one fentry
 * program per traced struct and argument position (1-5), e.g. vista_fentry_sk_2; kprobe_functions.bpf.c one
 * kprobe program per slot, e.g. vista_kprobe_skb_1; kprobe_multi_functions.bpf.c a single kprobe-multi one,
 * vista_kmulti, told struct and position by each function's attach cookie. The kprobe programs need the
 * bpf_rdonly_cast kfunc (Linux 6.2+), which the fentry ones do not; and libbpf logs each relocation of every
 * program in an object it opens, loaded or not, through an upcall each (BENCHMARKS.md, issue 19).
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
            case KPROBE -> "kprobe_functions.bpf.o";
            case KPROBE_MULTI -> "kprobe_multi_functions.bpf.o";
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
        if (backend == Backend.KPROBE_MULTI) {
            return List.of(KPROBE_MULTI);
        }
        List<String> names = new ArrayList<>();
        for (TracedStruct struct : TracedStruct.values()) {
            for (int position = 1; position <= MAX_POSITION; position++) {
                names.add(perSlot(backend, new ProgramSlot(struct, position)));
            }
        }
        return names;
    }
}
