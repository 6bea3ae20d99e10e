package dev.vista.internal.load;

import dev.vista.VistaException;
import dev.vista.event.Tracepoint;
import dev.vista.internal.libbpf.BpfLink;
import dev.vista.internal.libbpf.BpfObject;
import dev.vista.internal.ringbuf.RingBuffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the skb tracepoint object: keeps only the programs of the wanted tracepoints, sizes the
 * ring, writes the filter configuration, loads, attaches and maps the ring. On any failure
 * everything done so far is undone, so a tracer never starts half-configured.
 */
public final class SkbTraceLoader {
    private static final Logger LOG = LoggerFactory.getLogger(SkbTraceLoader.class);
    static final String OBJECT_RESOURCE = "/dev/vista/bpf/skb_tracepoints.bpf.o";
    static final String PROGRAM_PREFIX = "vista_";

    private SkbTraceLoader() {
    }

    public static LoadedSkbTrace load(Set<Tracepoint> tracepoints, FilterConfig config, int ringBytes) {
        BpfObject object = BpfObject.open("vista_skb", objectBytes());
        List<BpfLink> links = new ArrayList<>();
        RingBuffer ring = null;
        try {
            for (Tracepoint tp : Tracepoint.values()) {
                object.program(programName(tp)).setAutoload(tracepoints.contains(tp));
            }
            object.map("events").setMaxEntries(ringBytes);
            config.writeTo(object.map(".rodata").initialValue());
            long started = System.nanoTime();
            object.load();
            for (Tracepoint tp : tracepoints) {
                links.add(object.program(programName(tp)).attach());
            }
            LOG.debug("loaded and attached {} tracepoint programs in {} ms", links.size(),
                    (System.nanoTime() - started) / 1_000_000);
            ring = new RingBuffer(object.map("events").fd(), ringBytes);
            return new LoadedSkbTrace(object, links, ring, object.map("lost_events"));
        } catch (RuntimeException e) {
            closeQuietly(links, object, e);
            throw e;
        }
    }

    public static String programName(Tracepoint tp) {
        return PROGRAM_PREFIX + tp.kernelName();
    }

    private static void closeQuietly(List<BpfLink> links, BpfObject object, RuntimeException failure) {
        for (BpfLink link : links) {
            try {
                link.close();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        object.close();
    }

    private static byte[] objectBytes() {
        try (InputStream in = SkbTraceLoader.class.getResourceAsStream(OBJECT_RESOURCE)) {
            if (in == null) {
                throw new VistaException("BPF object " + OBJECT_RESOURCE + " is not on the class path: "
                        + "add the vista-bpf jar (build it with ./mvnw install)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
