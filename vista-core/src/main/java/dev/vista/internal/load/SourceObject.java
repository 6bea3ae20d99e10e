package dev.vista.internal.load;

import dev.vista.VistaException;
import dev.vista.event.SkTracepoint;
import dev.vista.event.Tracepoint;
import dev.vista.internal.attach.FunctionAttacher;
import dev.vista.internal.attach.ProgressReporter;
import dev.vista.internal.libbpf.Attachment;
import dev.vista.internal.libbpf.BpfLink;
import dev.vista.internal.libbpf.BpfObject;
import dev.vista.internal.libbpf.LibbpfException;
import dev.vista.internal.netfilter.NetfilterFunctions;
import dev.vista.internal.netfilter.NetfilterObservers;
import dev.vista.internal.libc.Libc;
import dev.vista.internal.libc.NativeException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The event sources the loader walks, in load and attach order: each one BPF object, when a trace
 * needs it, which of its programs to keep before load, and how they attach after. A new source is a
 * new entry here, not a branch in {@link TraceLoader}.
 */
enum SourceObject {
    SKB_TRACEPOINTS(true) {
        @Override
        boolean wanted(TraceRequest request) {
            return !request.tracepoints().isEmpty();
        }

        @Override
        String resource(TraceRequest request) {
            return "skb_tracepoints.bpf.o";
        }

        @Override
        void prepare(BpfObject object, TraceRequest request) {
            keepOnly(object, Tracepoint.values(), request.tracepoints(), TraceLoader::programName);
        }

        @Override
        List<? extends Attachment> attach(BpfObject object, TraceRequest request, ProgressReporter progress) {
            return attachEach(object, request.tracepoints(), TraceLoader::programName);
        }
    },
    TCP_LIFETIME(false) {
        private static final List<String> PROGRAMS = List.of("vista_tcp_set_state", "vista_tcp_send_reset",
                "vista_tcp_receive_reset", "vista_tcp_destroy_sock");

        @Override
        boolean wanted(TraceRequest request) {
            return request.tcpLifetime();
        }

        @Override
        String resource(TraceRequest request) {
            return "tcp_lifetime.bpf.o";
        }

        @Override
        List<? extends Attachment> attach(BpfObject object, TraceRequest request, ProgressReporter progress) {
            return attachEach(object, PROGRAMS, program -> program);
        }
    },
    SK_TRACEPOINTS(false) {
        @Override
        boolean wanted(TraceRequest request) {
            return !request.skTracepoints().isEmpty();
        }

        @Override
        String resource(TraceRequest request) {
            return "sk_tracepoints.bpf.o";
        }

        @Override
        void prepare(BpfObject object, TraceRequest request) {
            keepOnly(object, SkTracepoint.values(), request.skTracepoints(), TraceLoader::programName);
        }

        @Override
        List<? extends Attachment> attach(BpfObject object, TraceRequest request, ProgressReporter progress) {
            return attachEach(object, request.skTracepoints(), TraceLoader::programName);
        }
    },
    CGROUP_SOCKETS(false) {
        @Override
        boolean wanted(TraceRequest request) {
            return request.cgroupSockets() != null;
        }

        @Override
        String resource(TraceRequest request) {
            return "cgroup_sockets.bpf.o";
        }

        @Override
        void loaded(BpfObject object, TraceRequest request) {
            selectCgroup(object, request.cgroupSockets());
        }

        @Override
        List<? extends Attachment> attach(BpfObject object, TraceRequest request, ProgressReporter progress) {
            return attachEach(object, List.of("vista_cgroup_sockets"), program -> program);
        }
    },
    NETFILTER_VERDICTS(true) {
        @Override
        boolean wanted(TraceRequest request) {
            return request.netfilter() instanceof NetfilterObservers observers && !observers.tables().isEmpty();
        }

        @Override
        String resource(TraceRequest request) {
            return "netfilter_verdicts.bpf.o";
        }

        @Override
        void prepare(BpfObject object, TraceRequest request) {
            observers(request).prepare(object);
        }

        @Override
        List<? extends Attachment> attach(BpfObject object, TraceRequest request, ProgressReporter progress) {
            return observers(request).attach(object);
        }

        @Override
        RuntimeException loadFailed(LibbpfException e, TraceRequest request) {
            return observers(request).explain(e, "the netfilter programs (BPF_PROG_TYPE_NETFILTER)");
        }

        private static NetfilterObservers observers(TraceRequest request) {
            return (NetfilterObservers) request.netfilter();
        }
    },
    NETFILTER_FUNCTIONS(true) {
        @Override
        boolean wanted(TraceRequest request) {
            return request.netfilter() instanceof NetfilterFunctions functions && !functions.tables().isEmpty()
                    && !functions.functions().isEmpty();
        }

        @Override
        String resource(TraceRequest request) {
            return "netfilter_functions.bpf.o";
        }

        @Override
        void prepare(BpfObject object, TraceRequest request) {
            functions(request).prepare(object);
        }

        @Override
        void loaded(BpfObject object, TraceRequest request) {
            functions(request).loaded(object);
        }

        @Override
        List<? extends Attachment> attach(BpfObject object, TraceRequest request, ProgressReporter progress) {
            return functions(request).attach(object);
        }

        private static NetfilterFunctions functions(TraceRequest request) {
            return (NetfilterFunctions) request.netfilter();
        }
    },
    PACKET_PROGRAMS(true) {
        @Override
        boolean wanted(TraceRequest request) {
            return request.programs() != null;
        }

        @Override
        String resource(TraceRequest request) {
            return "tc_xdp_programs.bpf.o";
        }

        @Override
        void prepare(BpfObject object, TraceRequest request) {
            request.programs().aimAtStandIns(object);
        }

        @Override
        void loaded(BpfObject object, TraceRequest request) {
            request.programs().closeStandIns();
        }

        @Override
        RuntimeException loadFailed(LibbpfException e, TraceRequest request) {
            request.programs().closeStandIns();
            return e;
        }

        @Override
        List<? extends Attachment> attach(BpfObject object, TraceRequest request, ProgressReporter progress) {
            return request.programs().attach(object);
        }
    },
    /** Last: attaching thousands of functions takes longest, and reports progress. */
    KERNEL_FUNCTIONS(true) {
        @Override
        boolean wanted(TraceRequest request) {
            return !request.functions().isEmpty();
        }

        @Override
        String resource(TraceRequest request) {
            return attacher(request).objectName();
        }

        @Override
        void prepare(BpfObject object, TraceRequest request) {
            attacher(request).prepare(object, request.functions());
        }

        @Override
        List<? extends Attachment> attach(BpfObject object, TraceRequest request, ProgressReporter progress) {
            return attacher(request).attach(object, request.functions(), progress);
        }

        private static FunctionAttacher attacher(TraceRequest request) {
            return FunctionAttacher.of(request.backend(), request.kprobeBatch(), request.symbols());
        }
    };

    /** Whether its programs see packets, so that the pcap filter is spliced into them. */
    private final boolean packets;

    SourceObject(boolean packets) {
        this.packets = packets;
    }

    boolean packets() {
        return packets;
    }

    /** Whether the trace asks for this source. */
    abstract boolean wanted(TraceRequest request);

    /** The class-path resource of its BPF object. */
    abstract String resource(TraceRequest request);

    /** Before load: keep only the programs the trace needs (all of them unless overridden). */
    void prepare(BpfObject object, TraceRequest request) {
    }

    /** After load, before attach: fill the object's own maps. */
    void loaded(BpfObject object, TraceRequest request) {
    }

    /**
     * Why loading its object failed, said for this source (e.g. a program type the kernel lacks); by default
     * {@code e}.
     */
    RuntimeException loadFailed(LibbpfException e, TraceRequest request) {
        return e;
    }

    /** Attaches its programs; returns what to close to detach. */
    abstract List<? extends Attachment> attach(BpfObject object, TraceRequest request, ProgressReporter progress);

    /** Loads the programs of the chosen ones (tracepoints, ...) only. */
    private static <T> void keepOnly(BpfObject object, T[] all, Set<T> chosen, Function<T, String> program) {
        for (T each : all) {
            object.program(program.apply(each)).setAutoload(chosen.contains(each));
        }
    }

    private static <T> List<BpfLink> attachEach(BpfObject object, Collection<T> chosen, Function<T, String> program) {
        return chosen.stream().map(each -> object.program(program.apply(each)).attach()).toList();
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
}
