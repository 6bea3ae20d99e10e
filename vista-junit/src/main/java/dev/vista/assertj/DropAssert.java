package dev.vista.assertj;

import dev.vista.event.TraceEvent;
import dev.vista.junit.PacketTrace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.assertj.core.description.Description;

/** A dropped packet: why and where it was dropped. Conditions add up: {@code withReason(..).at(..)}. */
public final class DropAssert extends AbstractPacketAssert<DropAssert> {
    private final List<String> expectations = new ArrayList<>(List.of("be dropped"));
    private Predicate<TraceEvent> drop = event -> true;

    DropAssert(PacketTrace trace, PacketSpec spec, Duration timeout, Description description) {
        super(trace, spec, timeout, description, DropAssert.class);
    }

    /**
     * The kernel's drop reason, by its name in {@code enum skb_drop_reason} without the prefix
     * ({@link dev.vista.event.DropReason#NETFILTER_DROP}, "NO_SOCKET", ...), case-insensitive.
     */
    public DropAssert withReason(String reason) {
        return narrow("with reason " + reason, e -> e.dropReason() != null && e.dropReason().is(reason));
    }

    /** Freed by this kernel function (or one whose name starts with it), e.g. {@code nf_hook_slow}. */
    public DropAssert at(String function) {
        return narrow("at " + function, e -> e.location() != null && e.location().startsWith(function));
    }

    private DropAssert narrow(String expectation, Predicate<TraceEvent> condition) {
        expectations.add(expectation);
        drop = drop.and(condition);
        Predicate<TraceEvent> wanted = drop;
        require(String.join(" ", expectations), p -> p.drop().filter(wanted).isPresent());
        return myself;
    }
}
