package dev.vista.junit;

import dev.vista.TracePlan;
import dev.vista.TraceStats;
import dev.vista.Tracer;
import dev.vista.event.LossEvent;
import dev.vista.event.NetfilterEvent;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The packets traced during one test: what {@link TracePackets} gives a test as a parameter, and what
 * {@code dev.vista.assertj.VistaAssertions.assertThat} takes. Events arrive asynchronously (on the tracer's
 * poller thread); {@link #await} waits for those still to come.
 */
public final class PacketTrace {
    private final Tracer tracer;
    private final EventLog log;
    private final Duration awaitTimeout;
    private volatile int start;
    private volatile int verdictStart;

    PacketTrace(Tracer tracer, EventLog log, Duration awaitTimeout) {
        this.tracer = tracer;
        this.log = log;
        this.awaitTimeout = awaitTimeout;
        this.start = log.size();
        this.verdictStart = log.verdictCount();
    }

    /** The packet events recorded so far (since the test started, or since {@link #clear()}), in arrival order. */
    public List<TraceEvent> events() {
        return log.from(start);
    }

    /**
     * Forgets the events recorded so far, e.g. those of the set-up traffic; later calls see only newer ones.
     * Events already on their way from the kernel may still arrive after it.
     */
    public void clear() {
        start = log.size();
        verdictStart = log.verdictCount();
    }

    /** The netfilter verdicts recorded so far ({@code @TracePackets(netfilter = true)}), in arrival order. */
    public List<NetfilterEvent> verdicts() {
        return log.verdictsFrom(verdictStart);
    }

    /** {@link #await} on the netfilter verdicts. */
    public <T> Optional<T> awaitVerdicts(Function<List<NetfilterEvent>, Optional<T>> probe, Duration timeout) {
        return log.awaitVerdicts(verdictStart, probe, timeout.toNanos());
    }

    /** The tracer's counters (for its whole life: with {@link TracePackets.Scope#CLASS}, the class's). */
    public TraceStats stats() {
        return tracer.stats();
    }

    /**
     * Where the ring buffer lost events, in order ({@link #lost()} in all): a packet's path that spans one may
     * miss events there.
     */
    public List<LossEvent> losses() {
        return log.losses();
    }

    /** Events the kernel could not deliver because the ring buffer was full. */
    public long lost() {
        return tracer.stats().lost();
    }

    /** The tracepoints the tracer is attached to. */
    public Set<Tracepoint> tracepoints() {
        return tracer.tracepoints();
    }

    /** What is traced, with which filters. */
    public TracePlan plan() {
        return tracer.plan();
    }

    /** How long assertions wait for events ({@link TracePackets#awaitMillis()}). */
    public Duration awaitTimeout() {
        return awaitTimeout;
    }

    /**
     * Applies {@code probe} to {@link #events()}, again whenever a new event arrives, until it gives a result
     * or {@code timeout} has passed; returns its last answer (empty if it never gave one).
     */
    public <T> Optional<T> await(Function<List<TraceEvent>, Optional<T>> probe, Duration timeout) {
        return log.await(start, probe, timeout.toNanos());
    }

    @Override
    public String toString() {
        return "PacketTrace[" + events().size() + " events]";
    }
}
