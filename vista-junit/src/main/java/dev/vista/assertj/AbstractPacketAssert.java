package dev.vista.assertj;

import dev.vista.junit.PacketTrace;
import dev.vista.junit.PathText;
import dev.vista.junit.TracedPacket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.description.Description;

/**
 * What the packet assertions share: the packets a spec selects in a trace, waiting for one that satisfies a
 * condition, and a failure message showing the paths those packets did take.
 */
abstract class AbstractPacketAssert<SELF extends AbstractPacketAssert<SELF>> extends AbstractAssert<SELF, PacketTrace> {
    final PacketSpec spec;
    final Duration timeout;

    AbstractPacketAssert(PacketTrace trace, PacketSpec spec, Duration timeout, Description description,
            Class<?> selfType) {
        super(trace, selfType);
        this.spec = spec;
        this.timeout = timeout;
        if (description != null) {
            describedAs(description);
        }
    }

    /**
     * Waits until a packet matching the spec satisfies {@code condition} and returns it; fails when none did
     * in time, saying it was expected to {@code expectation} and showing what the matching packets did.
     */
    TracedPacket require(String expectation, Predicate<TracedPacket> condition) {
        Optional<TracedPacket> found = actual.await(events -> TracedPacket.split(events).stream()
                .filter(p -> p.matches(spec::matches)).filter(condition).findFirst(), timeout);
        if (found.isEmpty()) {
            failWithMessage("%s", failure(expectation));
        }
        return found.orElseThrow();
    }

    /** The packets traced so far that match the spec. */
    List<TracedPacket> matching() {
        return TracedPacket.split(actual.events()).stream().filter(p -> p.matches(spec::matches)).toList();
    }

    /** "The packet's path:" and the paths of these packets, for a failure message. */
    String paths(List<TracedPacket> packets) {
        return (packets.size() == 1 ? "The packet's path:" : packets.size()
                + " matching packets were traced; their paths:") + "\n"
                + new PathText().packets(packets, actual.losses());
    }

    private String failure(String expectation) {
        var events = actual.events();
        List<TracedPacket> matching = matching();
        String head = "Expecting the " + spec + " to " + expectation + " within " + timeout.toMillis() + " ms, but ";
        String body;
        if (matching.isEmpty()) {
            body = "no traced packet matched it. The trace recorded " + events.size() + " events"
                    + (events.isEmpty() ? " (are the @TracePackets filters too narrow, or was nothing sent?)"
                    : ":\n" + new PathText().events(events));
        } else {
            body = "it did not. " + paths(matching);
        }
        return head + body + hint().map(h -> "\nnote: " + h).orElse("");
    }

    /** Why the expectation may not have been possible with this trace, if it was not. */
    Optional<String> hint() {
        return Optional.empty();
    }

    String netnsName(long inode) {
        return new PathText().netns(inode);
    }
}
