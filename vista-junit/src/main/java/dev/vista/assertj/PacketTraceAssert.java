package dev.vista.assertj;

import dev.vista.junit.PacketTrace;
import java.time.Duration;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractLongAssert;
import org.assertj.core.api.Assertions;

/** Assertions on a whole trace: pick a packet with {@link #packet}, or check {@link #lost()} events. */
public final class PacketTraceAssert extends AbstractAssert<PacketTraceAssert, PacketTrace> {
    private Duration timeout;

    PacketTraceAssert(PacketTrace trace) {
        super(trace, PacketTraceAssert.class);
        isNotNull();
        this.timeout = trace.awaitTimeout();
    }

    /** Waits at most this long for the events an assertion needs (instead of {@code @TracePackets(awaitMillis)}). */
    public PacketTraceAssert within(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout " + timeout + " is negative");
        }
        this.timeout = timeout;
        return myself;
    }

    /**
     * The packets matching {@code spec}; the assertions that follow hold if at least one such packet does what
     * they say, and wait (bounded) for it to happen.
     */
    public PacketAssert packet(PacketSpec spec) {
        return new PacketAssert(actual, spec, timeout, info.description());
    }

    /** The number of events the kernel could not deliver because the ring buffer was full. */
    public AbstractLongAssert<?> lost() {
        return Assertions.assertThat(actual.lost()).as("events lost by the trace (ring buffer full; %s)",
                actual.stats());
    }
}
