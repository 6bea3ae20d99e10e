package dev.vista.junit;

import dev.vista.InvalidPlanException;
import dev.vista.Tracer;
import dev.vista.TracerBuilder;

/** Turns a {@link TracePackets} annotation into a tracer description. */
final class TracerSettings {
    private TracerSettings() {
    }

    static TracerBuilder toBuilder(TracePackets settings) {
        if (settings.awaitMillis() <= 0) {
            throw new InvalidPlanException("@TracePackets(awaitMillis = " + settings.awaitMillis()
                    + ") must be positive: it is how long assertions wait for events");
        }
        TracerBuilder builder = Tracer.builder();
        boolean functions = !settings.functions().isEmpty();
        if (settings.tracepoints().length > 0) {
            builder.traceTracepoints(settings.tracepoints());
        } else if (!functions) {
            builder.traceSkb();
        }
        if (functions) {
            builder.traceSkbFunctions(settings.functions()).backend(settings.backend());
        }
        if (!settings.protocol().isEmpty()) {
            builder.filterProtocol(settings.protocol());
        }
        if (settings.port() != 0) {
            builder.filterPort(settings.port());
        }
        if (!settings.address().isEmpty()) {
            builder.filterAddress(settings.address());
        }
        if (!settings.filter().isEmpty()) {
            builder.filter(settings.filter());
        }
        return builder.filterTrackSkb(settings.trackSkb()).filterSkbDropStack(settings.dropStack());
    }
}
