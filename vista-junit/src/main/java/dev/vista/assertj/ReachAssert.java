package dev.vista.assertj;

import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import dev.vista.junit.PacketTrace;
import dev.vista.netns.NetworkNamespace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.assertj.core.description.Description;

/** A packet that reached tracepoints: where (namespace, interface). Conditions add up. */
public final class ReachAssert extends AbstractPacketAssert<ReachAssert> {
    private final Set<Tracepoint> tracepoints;
    private final List<String> places = new ArrayList<>();
    private Predicate<TraceEvent> where = event -> true;

    ReachAssert(PacketTrace trace, PacketSpec spec, Duration timeout, Description description,
            Set<Tracepoint> tracepoints) {
        super(trace, spec, timeout, description, ReachAssert.class);
        this.tracepoints = Set.copyOf(tracepoints);
    }

    /** At those tracepoints inside this namespace. */
    public ReachAssert inNetns(NetworkNamespace namespace) {
        long inode = namespace.inode();
        return narrow("in netns " + namespace.name(), e -> e.netns() == inode);
    }

    /** At those tracepoints inside the namespace with this inode. */
    public ReachAssert inNetns(long inode) {
        return narrow("in netns " + netnsName(inode), e -> e.netns() == inode);
    }

    /** At those tracepoints on this interface. */
    public ReachAssert on(String ifname) {
        return narrow("on " + ifname, e -> ifname.equals(e.ifname()));
    }

    @Override
    Optional<String> hint() {
        Set<Tracepoint> untraced = EnumSet.copyOf(tracepoints);
        untraced.removeAll(actual.tracepoints());
        return untraced.isEmpty() ? Optional.empty()
                : Optional.of(untraced + " not traced: add them to @TracePackets(tracepoints)");
    }

    ReachAssert check() {
        Predicate<TraceEvent> at = where;
        String names = tracepoints.stream().map(Tracepoint::kernelName).collect(Collectors.joining(" and "));
        require("reach " + names + (places.isEmpty() ? "" : " " + String.join(" ", places)),
                p -> tracepoints.stream().allMatch(tp -> p.events().stream()
                        .anyMatch(e -> e.tracepoint() == tp && at.test(e))));
        return myself;
    }

    private ReachAssert narrow(String place, Predicate<TraceEvent> condition) {
        places.add(place);
        where = where.and(condition);
        return check();
    }
}
