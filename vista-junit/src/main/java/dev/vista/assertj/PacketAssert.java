package dev.vista.assertj;

import dev.vista.event.NetfilterEvent;
import dev.vista.event.NetfilterVerdict;
import dev.vista.event.Tracepoint;
import dev.vista.junit.PacketTrace;
import dev.vista.junit.TracedPacket;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.description.Description;

/**
 * Assertions on the packets a {@link PacketSpec} selects: what happened to them in the kernel. Each waits
 * (bounded) until a matching packet shows it, and fails with the paths the matching packets did take.
 */
public final class PacketAssert extends AbstractPacketAssert<PacketAssert> {
    private static final Duration SETTLE = Duration.ofMillis(500);
    private Optional<String> hint = Optional.empty();

    PacketAssert(PacketTrace trace, PacketSpec spec, Duration timeout, Description description) {
        super(trace, spec, timeout, description, PacketAssert.class);
    }

    /** It was dropped: freed through kfree_skb. Narrow it with {@link DropAssert#withReason}. */
    public DropAssert wasDropped() {
        hint = missing(Tracepoint.KFREE_SKB);
        require("be dropped", p -> p.drop().isPresent());
        return new DropAssert(actual, spec, timeout, info.description());
    }

    /**
     * None of the matching packets was dropped. Waits (bounded) until one is traced, then until one has ended
     * (freed or delivered) or 500 ms have passed, and checks all traced so far: use it once
     * the packets' fate is settled, e.g. after the receiver answered.
     */
    public PacketAssert wasNotDropped() {
        hint = Optional.empty();
        require("be traced", packet -> true);
        Duration settle = timeout.compareTo(SETTLE) < 0 ? timeout : SETTLE;
        actual.await(events -> TracedPacket.split(events).stream().filter(p -> p.matches(spec::matches))
                .filter(p -> p.drop().isPresent() || p.wasDelivered() || p.wasFreed()).findFirst(), settle);
        List<TracedPacket> dropped = matching().stream().filter(p -> p.drop().isPresent()).toList();
        if (!dropped.isEmpty()) {
            failWithMessage("%s", "Expecting the " + spec + " not to be dropped, but it was. " + paths(dropped));
        }
        return myself;
    }

    /** It reached a local socket: see {@link TracedPacket#wasDelivered()} for the evidence taken. */
    public PacketAssert wasDelivered() {
        hint = actual.plan().sources().functions() != null ? Optional.empty() : missing(Tracepoint.CONSUME_SKB);
        require("be delivered to a socket", TracedPacket::wasDelivered);
        return myself;
    }

    /**
     * It was seen at every one of these tracepoints; narrow where with {@link ReachAssert#inNetns} and
     * {@link ReachAssert#on}.
     */
    public ReachAssert reached(Tracepoint... tracepoints) {
        if (tracepoints.length == 0) {
            throw new IllegalArgumentException("reached() needs at least one tracepoint");
        }
        Set<Tracepoint> wanted = EnumSet.copyOf(Arrays.asList(tracepoints));
        return new ReachAssert(actual, spec, timeout, info.description(), wanted).check();
    }

    /**
     * It passed these kernel functions in this order (others may come between): for traces of kernel
     * functions ({@code @TracePackets(functions = "...")}).
     */
    public PacketAssert passedThrough(String... functions) {
        List<String> wanted = List.of(functions);
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("passedThrough() needs at least one function name");
        }
        hint = actual.plan().sources().functions() == null
                ? Optional.of("this trace has no kernel functions: add @TracePackets(functions = \""
                        + String.join("|", wanted) + "\")")
                : Optional.empty();
        require("pass through " + String.join(" -> ", wanted), p -> inOrder(p.functions(), wanted));
        return myself;
    }

    /**
     * A netfilter table {@code where} means dropped it (DROP verdict): needs {@code @TracePackets(netfilter = true)}.
     * A packet matches by its tuple before or after the table (a NAT table may change it).
     */
    public PacketAssert wasDroppedBy(NetfilterSpec where) {
        return verdict(where, NetfilterVerdict.DROP, "be dropped by ");
    }

    /** A netfilter table {@code where} means let it pass (ACCEPT verdict): needs {@code @TracePackets(netfilter = true)}. */
    public PacketAssert passedNetfilter(NetfilterSpec where) {
        return verdict(where, NetfilterVerdict.ACCEPT, "pass ");
    }

    private PacketAssert verdict(NetfilterSpec where, NetfilterVerdict verdict, String expectation) {
        Optional<NetfilterEvent> found = actual.awaitVerdicts(verdicts -> verdicts.stream()
                .filter(v -> v.verdict() == verdict && where.matches(v) && packetMatches(v)).findFirst(), timeout);
        if (found.isEmpty()) {
            List<NetfilterEvent> seen = actual.verdicts().stream().filter(this::packetMatches).toList();
            String note = actual.plan().sources().traceNetfilter() ? ""
                    : "\nnote: this trace has no netfilter verdicts: add @TracePackets(netfilter = true)";
            failWithMessage("%s", "Expecting the " + spec + " to " + expectation + where + " within "
                    + timeout.toMillis() + " ms, but " + (seen.isEmpty() ? "no netfilter verdict on it was traced."
                    : "it was not. Netfilter verdicts on it:\n" + verdictLines(seen))
                    + (matching().isEmpty() ? "" : "\n" + paths(matching())) + note);
        }
        return myself;
    }

    private boolean packetMatches(NetfilterEvent verdict) {
        return spec.matches(verdict.tupleBefore()) || spec.matches(verdict.tuple());
    }

    /** One line per verdict: where, what, how long, in which namespace. */
    private String verdictLines(List<NetfilterEvent> verdicts) {
        return verdicts.stream().map(v -> "  " + v.table().table() + (v.table().chain() == null ? ""
                : "/" + v.table().chain()) + " " + v.hook() + " " + v.family().pfName() + " priority "
                + v.table().priority() + ": " + v.verdict() + " after " + v.costNanos() + " ns, netns "
                + netnsName(v.netns()) + ", skb 0x" + Long.toHexString(v.skb()))
                .collect(Collectors.joining("\n"));
    }

    @Override
    Optional<String> hint() {
        return hint;
    }

    private Optional<String> missing(Tracepoint needed) {
        if (actual.tracepoints().contains(needed)) {
            return Optional.empty();
        }
        return Optional.of(needed.qualifiedName() + " is not traced (the trace has "
                + actual.tracepoints().stream().map(Tracepoint::kernelName).collect(Collectors.joining(", "))
                + "): add it to @TracePackets(tracepoints)");
    }

    private static boolean inOrder(List<String> seen, List<String> wanted) {
        int next = 0;
        for (String function : seen) {
            if (next < wanted.size() && function.equals(wanted.get(next))) {
                next++;
            }
        }
        return next == wanted.size();
    }
}
