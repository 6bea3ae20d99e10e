package dev.vista.internal.attach;

import dev.vista.Backend;
import dev.vista.internal.functions.TracedFunction;
import dev.vista.internal.libbpf.Attachment;
import dev.vista.internal.libbpf.BpfObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One kprobe-multi link for every function, by address: one program, whose attach cookie tells
 * it per function at which argument position its struct sk_buff * and its struct sock * are (see
 * vista_kmulti_cookie in vista_event.h); a function traced as both gets both in one cookie. One
 * link, because each link's detach waits for RCU grace periods.
 */
final class KprobeMultiAttacher implements FunctionAttacher {
    private static final int SKB_SHIFT = 0;
    private static final int SK_SHIFT = 8;

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
        Map<Long, Long> cookies = new LinkedHashMap<>();
        bySlot.forEach((slot, functions) -> functions.forEach(
                function -> cookies.merge(function.address(), cookie(slot), (a, b) -> a | b)));
        if (cookies.isEmpty()) {
            return List.of();
        }
        long[] addresses = cookies.keySet().stream().mapToLong(Long::longValue).toArray();
        long[] values = cookies.values().stream().mapToLong(Long::longValue).toArray();
        Attachment link = object.program(FunctionPrograms.KPROBE_MULTI).attachKprobeMulti(addresses, values,
                addresses.length + " functions");
        progress.succeeded(bySlot.values().stream().mapToInt(List::size).sum());
        return List.of(link);
    }

    private static long cookie(ProgramSlot slot) {
        int shift = switch (slot.struct()) {
            case SK_BUFF -> SKB_SHIFT;
            case SOCK -> SK_SHIFT;
        };
        return (long) slot.position() << shift;
    }
}
