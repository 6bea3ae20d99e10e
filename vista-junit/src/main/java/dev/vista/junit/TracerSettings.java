package dev.vista.junit;

import dev.vista.InvalidPlanException;
import dev.vista.Tracer;
import dev.vista.TracerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Turns a {@link TracePackets} annotation into a tracer description. */
final class TracerSettings {
    private static final Path OWN_NAMESPACE = Path.of("/proc/self/ns/net");
    private static final Path NAMED_NAMESPACES = Path.of("/run/netns");
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
        if (settings.netfilter()) {
            builder.traceNetfilterIn(netfilterNamespaces().toArray(Path[]::new));
        }
        return builder.filterTrackSkb(settings.trackSkb()).filterSkbDropStack(settings.dropStack());
    }

    /** The test's own network namespace and every one {@code ip netns} names. */
    private static List<Path> netfilterNamespaces() {
        List<Path> namespaces = new ArrayList<>(List.of(OWN_NAMESPACE));
        try (Stream<Path> named = Files.list(NAMED_NAMESPACES)) {
            named.sorted().forEach(namespaces::add);
        } catch (NoSuchFileException e) {
            // no namespace was ever named
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + NAMED_NAMESPACES, e);
        }
        return namespaces;
    }
}
