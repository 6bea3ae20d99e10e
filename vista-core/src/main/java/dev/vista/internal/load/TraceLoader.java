package dev.vista.internal.load;

import dev.vista.AttachProgress;
import dev.vista.event.SkTracepoint;
import dev.vista.event.Tracepoint;
import dev.vista.internal.attach.ProgressReporter;
import dev.vista.internal.bpf.BpfResources;
import dev.vista.internal.libbpf.Attachment;
import dev.vista.PcapFilterException;
import dev.vista.internal.libbpf.BpfMap;
import dev.vista.internal.libbpf.BpfObject;
import dev.vista.internal.libbpf.LibbpfException;
import dev.vista.internal.pcapfilter.PcapFilter;
import dev.vista.internal.ringbuf.RingBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and attaches a trace: the object of each {@link SourceObject} the trace asks for, loaded in
 * the table's order, then attached in it. The first object with the ring buffer, loss counter or
 * followed-skb map (packet objects only) creates it; the others reuse it, so all events arrive in one ring in order. Each object
 * keeps only the programs it needs and gets the filter configuration (and the spliced pcap filter)
 * before load. On any failure everything done so far is undone, so a tracer never starts
 * half-configured.
 */
public final class TraceLoader {
    private static final Logger LOG = LoggerFactory.getLogger(TraceLoader.class);
    private static final String TRACEPOINT_PREFIX = "vista_";
    private static final String SK_TRACEPOINT_PREFIX = "vista_sk_";
    private static final int E2BIG = 7;
    private static final int ENOSPC = 28;
    private static final List<String> SHARED_MAPS = List.of("events", "lost_events", "tracked_skbs");

    private TraceLoader() {
    }

    public static String programName(Tracepoint tp) {
        return TRACEPOINT_PREFIX + tp.kernelName();
    }

    static String programName(SkTracepoint tp) {
        return SK_TRACEPOINT_PREFIX + tp.kernelName();
    }

    /** Whether any of the request's sources has something to load (a netfilter trace may find no table). */
    public static boolean loadsAnything(TraceRequest request) {
        return Arrays.stream(SourceObject.values()).anyMatch(source -> source.wanted(request));
    }

    public static LoadedTrace load(TraceRequest request) {
        List<BpfObject> objects = new ArrayList<>();
        List<Attachment> attachments = new ArrayList<>();
        try {
            long started = System.nanoTime();
            Map<SourceObject, BpfObject> loaded = new EnumMap<>(SourceObject.class);
            Map<String, BpfMap> shared = new HashMap<>();
            for (SourceObject source : SourceObject.values()) {
                if (source.wanted(request)) {
                    BpfObject object = open(source, request, objects);
                    source.prepare(object, request);
                    loadWithSharedMaps(source, object, shared, request);
                    source.loaded(object, request);
                    loaded.put(source, object);
                }
            }
            ProgressReporter progress = new ProgressReporter(AttachProgress.Phase.ATTACHING, request.backend(),
                    request.functionCount(), request.progressListener());
            loaded.forEach((source, object) -> attachments.addAll(source.attach(object, request, progress)));
            int attachedFunctions = request.functionCount() - progress.failedCount();
            LOG.info("loaded and attached {} tracepoints, {} kernel functions{}{} in {} ms",
                    request.tracepoints().size(), attachedFunctions,
                    request.tcpLifetime() ? " and TCP lifetime tracing" : "",
                    loaded.containsKey(SourceObject.NETFILTER_VERDICTS)
                            ? " and observers around " + request.netfilter().tables().size() + " netfilter tables"
                            : loaded.containsKey(SourceObject.NETFILTER_FUNCTIONS)
                            ? " and the functions of " + request.netfilter().tables().size() + " netfilter tables" : "",
                    (System.nanoTime() - started) / 1_000_000);
            RingBuffer ring = new RingBuffer(shared.get("events").fd(), request.ringBytes());
            return new LoadedTrace(objects, attachments, attachedFunctions, ring, shared.get("lost_events"),
                    request.backend(), request.progressListener());
        } catch (RuntimeException e) {
            LoadedTrace.release(attachments, objects, e);
            throw e;
        }
    }

    /** Opens a source's object; the pcap filter (if any) is spliced into objects that see packets (it needs one). */
    private static BpfObject open(SourceObject source, TraceRequest request, List<BpfObject> objects) {
        String resource = source.resource(request);
        byte[] elf = BpfResources.bytes(resource);
        if (source.packets() && request.pcapFilter() != null) {
            elf = request.pcapFilter().spliceInto(elf);
        }
        String name = "vista_" + resource.substring(0, resource.indexOf('.'));
        BpfObject object = request.kernelBtf() != null ? BpfObject.open(name, elf, request.kernelBtf())
                : BpfObject.open(name, elf, request.runningKernel());
        objects.add(object);
        return object;
    }

    /**
     * Reuses the shared maps an earlier object created (sizing the ring in the first), writes the
     * filters, loads; the shared maps this object created are then the ones the next objects reuse.
     */
    private static void loadWithSharedMaps(SourceObject source, BpfObject object, Map<String, BpfMap> shared,
            TraceRequest request) {
        List<String> created = new ArrayList<>();
        for (String name : SHARED_MAPS) {
            if (object.hasMap(name)) {
                BpfMap earlier = shared.get(name);
                if (earlier != null) {
                    object.map(name).reuse(earlier);
                } else {
                    created.add(name);
                }
            }
        }
        if (created.contains("events")) {
            object.map("events").setMaxEntries(request.ringBytes());
        }
        if (created.contains("tracked_skbs") && !request.config().filters().trackSkb()) {
            // Read only when following skbs (CONFIG.track_skb); the kernel fills an LRU map's 16k entries at creation.
            object.map("tracked_skbs").setMaxEntries(1);
        }
        ConfigLayout.write(request.config(), object.map(".rodata").initialValue());
        try {
            object.load();
        } catch (LibbpfException e) {
            RuntimeException tooLarge = tooLargeOr(e, request.pcapFilter());
            throw tooLarge != e ? tooLarge : source.loadFailed(e, request);
        }
        created.forEach(name -> shared.put(name, object.map(name)));
    }

    /** The verifier gives up on programs too large or too complex with E2BIG (or ENOSPC for its log): say why. */
    private static RuntimeException tooLargeOr(LibbpfException e, PcapFilter filter) {
        if (filter == null || (e.errno() != E2BIG && e.errno() != ENOSPC)) {
            return e;
        }
        PcapFilterException tooLarge = new PcapFilterException(filter.expression(), "too large for the kernel's "
                + "verifier: libpcap made " + filter.classicInstructions() + " classic BPF instructions, translated to "
                + filter.instructions() + " eBPF instructions run inside every tracing program; simplify it "
                + "(fewer alternatives) or use the address/port/protocol filters");
        tooLarge.initCause(e);
        return tooLarge;
    }
}
