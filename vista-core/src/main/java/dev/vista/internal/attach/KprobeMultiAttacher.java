package dev.vista.internal.attach;

import dev.vista.Backend;
import dev.vista.internal.functions.TracedFunction;
import dev.vista.internal.libbpf.Attachment;
import dev.vista.internal.libbpf.BpfLink;
import dev.vista.internal.libbpf.BpfObject;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One kprobe-multi link for every function, by name: one program, whose attach cookie tells it per
 * function at which argument position its struct sk_buff * and its struct sock * are (see
 * vista_kmulti_cookie in vista_event.h); a function traced as both gets both in one cookie. One
 * link, because each link's detach waits for RCU grace periods. The kernel finds the functions by name
 * (a name shared by several, in the kernel image or its modules, attaches the first), so start-up reads no
 * kallsyms for it; the cookie's upper half numbers the function, and the link's info, which says where the
 * kernel found each with its cookie, names the events ({@link FunctionNames}).
 */
final class KprobeMultiAttacher implements FunctionAttacher {
    private static final int SKB_SHIFT = 0;
    private static final int SK_SHIFT = 8;
    private static final int INDEX_SHIFT = 32;

    @Override
    public Backend backend() {
        return Backend.KPROBE_MULTI;
    }

    @Override
    public Set<String> programs(Set<ProgramSlot> slots) {
        return slots.isEmpty() ? Set.of() : Set.of(FunctionPrograms.KPROBE_MULTI);
    }

    @Override
    public List<Attachment> attach(BpfObject object, Map<ProgramSlot, List<TracedFunction>> bySlot,
            ProgressReporter progress) {
        Map<String, Long> positions = new LinkedHashMap<>();
        bySlot.forEach((slot, functions) -> functions.forEach(
                function -> positions.merge(function.name(), cookie(slot), (a, b) -> a | b)));
        if (positions.isEmpty()) {
            return List.of();
        }
        String[] names = positions.keySet().toArray(String[]::new);
        long[] cookies = new long[names.length];
        for (int i = 0; i < names.length; i++) {
            cookies[i] = (long) i << INDEX_SHIFT | positions.get(names[i]); // never 0: a position is 1-5
        }
        BpfLink link = object.program(FunctionPrograms.KPROBE_MULTI).attachKprobeMulti(names, cookies,
                names.length + " functions");
        Map<Long, String> byAddress = new HashMap<>(2 * names.length);
        try {
            link.kprobeMultiCookies(names.length)
                    .forEach((address, cookie) -> byAddress.put(address, names[(int) (cookie >>> INDEX_SHIFT)]));
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
        progress.succeeded(bySlot.values().stream().mapToInt(List::size).sum());
        return List.of(new KprobeMultiLink(link, byAddress));
    }

    private static long cookie(ProgramSlot slot) {
        int shift = switch (slot.struct()) {
            case SK_BUFF -> SKB_SHIFT;
            case SOCK -> SK_SHIFT;
        };
        return (long) slot.position() << shift;
    }
}
