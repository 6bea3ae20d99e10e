package dev.vista.internal.load;

import dev.vista.AttachProgress;
import dev.vista.VistaException;
import dev.vista.event.SkTracepoint;
import dev.vista.event.Tracepoint;
import dev.vista.internal.attach.FunctionAttacher;
import dev.vista.internal.attach.ProgressReporter;
import dev.vista.internal.libbpf.Attachment;
import dev.vista.PcapFilterException;
import dev.vista.internal.libbpf.BpfObject;
import dev.vista.internal.libbpf.LibbpfException;
import dev.vista.internal.pcap.PcapFilter;
import dev.vista.internal.libc.Libc;
import dev.vista.internal.libc.NativeException;
import dev.vista.internal.ringbuf.RingBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and attaches a trace: the tracepoint object and/or the kernel-function object. The first
 * object loaded owns the ring buffer, loss counter and followed-skb map; the other reuses them,
 * so all events arrive in one ring in order. Each object keeps only the programs it needs and
 * gets the filter configuration (and the spliced pcap filter) before load. On any failure everything done so far is undone,
 * so a tracer never starts half-configured.
 */
public final class TraceLoader {
    private static final Logger LOG = LoggerFactory.getLogger(TraceLoader.class);
    private static final String TRACEPOINT_PREFIX = "vista_";
    private static final String SK_TRACEPOINT_PREFIX = "vista_sk_";
    private static final int E2BIG = 7;
    private static final int ENOSPC = 28;
    private static final List<String> SHARED_MAPS = List.of("events", "lost_events", "tracked_skbs");
    private static final List<String> TCP_LIFETIME_PROGRAMS = List.of("vista_tcp_set_state", "vista_tcp_send_reset",
            "vista_tcp_receive_reset", "vista_tcp_destroy_sock");
    private static final String CGROUP_SOCKETS_PROGRAM = "vista_cgroup_sockets";

    private TraceLoader() {
    }

    public static String programName(Tracepoint tp) {
        return TRACEPOINT_PREFIX + tp.kernelName();
    }

    static String programName(SkTracepoint tp) {
        return SK_TRACEPOINT_PREFIX + tp.kernelName();
    }

    public static LoadedTrace load(TraceRequest request) {
        List<BpfObject> objects = new ArrayList<>();
        List<Attachment> attachments = new ArrayList<>();
        try {
            BpfObject owner = null;
            BpfObject tracepoints = null;
            BpfObject functions = null;
            BpfObject tcp = null;
            BpfObject sockets = null;
            BpfObject skTracepoints = null;
            FunctionAttacher attacher = null;
            long started = System.nanoTime();
            if (!request.tracepoints().isEmpty()) {
                tracepoints = open("skb_tracepoints.bpf.o", request, objects);
                for (Tracepoint tp : Tracepoint.values()) {
                    tracepoints.program(programName(tp)).setAutoload(request.tracepoints().contains(tp));
                }
                owner = loadWithSharedMaps(tracepoints, null, request);
            }
            if (!request.functions().isEmpty()) {
                attacher = FunctionAttacher.of(request.backend(), request.kprobeBatch());
                functions = open(attacher.objectName(), request, objects);
                attacher.prepare(functions, request.functions());
                BpfObject loaded = loadWithSharedMaps(functions, owner, request);
                owner = owner == null ? loaded : owner;
            }
            if (request.tcpLifetime()) {
                tcp = openWithoutPackets("tcp_lifetime.bpf.o", request, objects);
                BpfObject loaded = loadWithSharedMaps(tcp, owner, request);
                owner = owner == null ? loaded : owner;
            }
            if (request.cgroupSockets() != null) {
                sockets = openWithoutPackets("cgroup_sockets.bpf.o", request, objects);
                BpfObject loaded = loadWithSharedMaps(sockets, owner, request);
                owner = owner == null ? loaded : owner;
                selectCgroup(sockets, request.cgroupSockets());
            }
            if (!request.skTracepoints().isEmpty()) {
                skTracepoints = openWithoutPackets("sk_tracepoints.bpf.o", request, objects);
                for (SkTracepoint tp : SkTracepoint.values()) {
                    skTracepoints.program(programName(tp)).setAutoload(request.skTracepoints().contains(tp));
                }
                BpfObject loaded = loadWithSharedMaps(skTracepoints, owner, request);
                owner = owner == null ? loaded : owner;
            }
            if (tracepoints != null) {
                for (Tracepoint tp : request.tracepoints()) {
                    attachments.add(tracepoints.program(programName(tp)).attach());
                }
            }
            if (tcp != null) {
                for (String program : TCP_LIFETIME_PROGRAMS) {
                    attachments.add(tcp.program(program).attach());
                }
            }
            for (SkTracepoint tp : request.skTracepoints()) {
                attachments.add(skTracepoints.program(programName(tp)).attach());
            }
            if (sockets != null) {
                attachments.add(sockets.program(CGROUP_SOCKETS_PROGRAM).attach());
            }
            int attachedFunctions = 0;
            if (attacher != null) {
                ProgressReporter progress = new ProgressReporter(AttachProgress.Phase.ATTACHING, request.backend(),
                        request.functionCount(), request.progressListener());
                attachments.addAll(attacher.attach(functions, request.functions(), progress));
                attachedFunctions = request.functionCount() - progress.failedCount();
            }
            LOG.info("loaded and attached {} tracepoints, {} kernel functions{} in {} ms",
                    request.tracepoints().size(), attachedFunctions,
                    request.tcpLifetime() ? " and TCP lifetime tracing" : "", (System.nanoTime() - started) / 1_000_000);
            RingBuffer ring = new RingBuffer(owner.map("events").fd(), request.ringBytes());
            return new LoadedTrace(objects, attachments, attachedFunctions, ring, owner.map("lost_events"),
                    request.backend(), request.progressListener());
        } catch (RuntimeException e) {
            LoadedTrace.release(attachments, objects, e);
            throw e;
        }
    }

    /** Puts the cgroup into the program's filter map; the map keeps its own reference to the cgroup. */
    private static void selectCgroup(BpfObject sockets, Path cgroup) {
        int fd;
        try {
            fd = Libc.openDirectory(cgroup);
        } catch (NativeException e) {
            throw new VistaException("cannot open cgroup " + cgroup + ": " + e.getMessage(), e);
        }
        try {
            sockets.map("cgroup_filter").update(0, fd);
        } finally {
            Libc.close(fd);
        }
    }

    /** Opens an object, with the pcap filter (if any) spliced into its placeholder function. */
    private static BpfObject open(String resource, TraceRequest request, List<BpfObject> objects) {
        return open(resource, request, objects, true);
    }

    /** Objects that see no packets (sockets, connections) get no pcap filter: it needs a packet. */
    private static BpfObject openWithoutPackets(String resource, TraceRequest request, List<BpfObject> objects) {
        return open(resource, request, objects, false);
    }

    private static BpfObject open(String resource, TraceRequest request, List<BpfObject> objects, boolean packets) {
        byte[] elf = BpfResources.bytes(resource);
        if (packets && request.pcapFilter() != null) {
            elf = request.pcapFilter().spliceInto(elf);
        }
        BpfObject object = BpfObject.open("vista_" + resource.substring(0, resource.indexOf('.')), elf,
                request.kernelBtf());
        objects.add(object);
        return object;
    }

    /** Sizes or reuses the shared maps, writes the filters, loads; returns the object. */
    private static BpfObject loadWithSharedMaps(BpfObject object, BpfObject owner, TraceRequest request) {
        if (owner == null) {
            object.map("events").setMaxEntries(request.ringBytes());
        } else {
            for (String map : SHARED_MAPS) {
                object.map(map).reuse(owner.map(map));
            }
        }
        ConfigLayout.write(request.config(), object.map(".rodata").initialValue());
        try {
            object.load();
        } catch (LibbpfException e) {
            throw tooLargeOr(e, request.pcapFilter());
        }
        return object;
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
