package dev.vista.junit;

import dev.vista.KernelFeatureException;
import dev.vista.LibbpfUnavailableException;
import dev.vista.LibpcapUnavailableException;
import dev.vista.PrivilegeException;
import dev.vista.Tracer;
import java.time.Duration;
import org.opentest4j.TestAbortedException;

/** A tracer started for a test or a test class, with the log of its events. */
final class ActiveTrace implements AutoCloseable {
    private final Tracer tracer;
    private final EventLog log;
    private final Duration awaitTimeout;

    private ActiveTrace(Tracer tracer, EventLog log, Duration awaitTimeout) {
        this.tracer = tracer;
        this.log = log;
        this.awaitTimeout = awaitTimeout;
    }

    /**
     * Starts tracing as {@code settings} say. Where this host cannot trace at all (privileges, BTF, libbpf, a
     * kernel feature), the test is aborted with the tracer's reason: that is the host's limit, not the test's
     * failure. Bad settings (a wrong protocol name, ...) fail it.
     */
    static ActiveTrace start(TracePackets settings, String owner) {
        EventLog log = new EventLog();
        try {
            // A pcap filter is compiled by the builder already: libpcap is needed from there on.
            Tracer tracer = TracerSettings.toBuilder(settings).onEvent(log::add).onNetfilter(log::addVerdict)
                    .onLoss(log::addLoss).start();
            return new ActiveTrace(tracer, log, Duration.ofMillis(settings.awaitMillis()));
        } catch (PrivilegeException | LibbpfUnavailableException | LibpcapUnavailableException | KernelFeatureException e) {
            throw new TestAbortedException("this host cannot trace packets for " + owner + ": " + e.getMessage(), e);
        }
    }

    /** A view of the events from now on. */
    PacketTrace newView() {
        return new PacketTrace(tracer, log, awaitTimeout);
    }

    @Override
    public void close() {
        tracer.close();
    }
}
