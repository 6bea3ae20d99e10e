package dev.vista.internal.programs;

import dev.vista.event.PacketProgramType;
import dev.vista.internal.attach.Attachments;
import dev.vista.internal.bpf.BpfResources;
import dev.vista.internal.libbpf.Attachment;
import dev.vista.internal.libbpf.BpfObject;
import dev.vista.internal.libbpf.ClonedProgram;
import dev.vista.internal.libbpf.Libbpf;
import dev.vista.internal.libc.Libc;
import dev.vista.internal.threads.Uninterruptibly;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TC and XDP programs a tracer follows with fentry/fexit (tc_xdp_programs.bpf.o). Its four programs load
 * once, aimed at stand-in programs of program_probes.bpf.o (so they load, sharing the tracer's ring and filter
 * maps, before any real program is found); each selected program then gets a copy of the entry and exit
 * programs' final instructions aimed at it. The programs are those loaded at start, then, checked every
 * {@link #POLL_PERIOD}, those loaded later. Closing detaches them all. Also tells which program an event's
 * function address (bpf_get_func_ip: where the program's code starts) belongs to.
 */
public final class TracedPrograms implements Attachment, ProgramsByAddress {
    static final Duration POLL_PERIOD = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(TracedPrograms.class);
    private static final String STAND_INS = "program_probes.bpf.o";
    /** Kernel names of vista's own stand-ins and probe targets (of this tracer or another): never traced. */
    private static final String OWN_PREFIX = "vista_probe_";
    private static final Map<PacketProgramType, Tracing> TRACING = Map.of(
            PacketProgramType.TC, new Tracing("vista_probe_tc_target", "vista_tc_entry", "vista_tc_exit"),
            PacketProgramType.XDP, new Tracing("vista_probe_xdp_target", "vista_xdp_entry", "vista_xdp_exit"));

    /** For one kind: the stand-in that the object's programs load against, and those programs. */
    private record Tracing(String standIn, String entry, String exit) {
    }

    private final Map<PacketProgramType, Pattern> selection;
    private final Map<Long, PacketProgram> byAddress = new ConcurrentHashMap<>();
    /** Ids of selected programs traced or skipped: each is looked into once. Touched under this object's lock. */
    private final Set<Integer> seen = new HashSet<>();
    private final List<Attachment> links = new ArrayList<>();
    private final Map<PacketProgramType, MemorySegment[]> instructions = new EnumMap<>(PacketProgramType.class);
    private BpfObject standIns;
    private Thread poller;
    private boolean closed;

    /** @param selection the kinds to trace, each with the regex that must find the program's name */
    public TracedPrograms(Map<PacketProgramType, Pattern> selection) {
        this.selection = Map.copyOf(selection);
    }

    /** Before load: keeps the programs of the selected kinds in {@code object}, aimed at freshly loaded stand-ins. */
    public void aimAtStandIns(BpfObject object) {
        standIns = BpfObject.open("vista_stand_ins", BpfResources.bytes(STAND_INS));
        standIns.program("vista_probe_prog_fentry").setAutoload(false);
        standIns.load();
        TRACING.forEach((type, tracing) -> {
            boolean wanted = selection.containsKey(type);
            for (String program : List.of(tracing.entry(), tracing.exit())) {
                object.program(program).setAutoload(wanted);
                if (wanted) {
                    object.program(program).setAttachTarget(standIns.program(tracing.standIn()).fd(),
                            tracing.standIn());
                }
            }
        });
    }

    /**
     * After the object loaded, or failed to: the stand-ins may go (a loaded tracing program holds its target).
     */
    public void closeStandIns() {
        if (standIns != null) {
            standIns.close();
            standIns = null;
        }
    }

    /**
     * After load: traces every selected program loaded now (failing, with nothing left attached, if one cannot be
     * traced), then watches for new ones until closed. Returns this, to be closed to detach.
     */
    public List<Attachment> attach(BpfObject object) {
        selection.keySet().forEach(type -> instructions.put(type, new MemorySegment[] {
            object.program(TRACING.get(type).entry()).instructions(),
            object.program(TRACING.get(type).exit()).instructions()}));
        List<PacketProgram> traced;
        try {
            traced = traceNew(true);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        report(traced);
        poller = Thread.ofPlatform().name("vista-programs").daemon().start(this::watch);
        return List.of(this);
    }

    @Override
    public PacketProgram at(long address) {
        return byAddress.get(address);
    }

    private void report(List<PacketProgram> traced) {
        if (traced.isEmpty()) {
            LOG.warn("no loaded program matches {} now: programs loaded later are traced when they appear (checked "
                    + "every {} s)", describeSelection(), POLL_PERIOD.toSeconds());
        } else {
            LOG.info("tracing {} programs with fentry/fexit: {}", traced.size(),
                    traced.stream().map(PacketProgram::eventName).collect(Collectors.joining(", ")));
        }
    }

    private String describeSelection() {
        return selection.entrySet().stream().map(e -> e.getKey().name() + " programs"
                + (e.getValue().pattern().isEmpty() ? "" : " named '" + e.getValue().pattern() + "'"))
                .collect(Collectors.joining(" or "));
    }

    private void watch() {
        while (true) {
            try {
                Thread.sleep(POLL_PERIOD);
            } catch (InterruptedException e) {
                return; // closing
            }
            try {
                traceNew(false).forEach(p -> LOG.info("tracing {} (id {}), loaded after tracing started",
                        p.eventName(), p.id()));
            } catch (RuntimeException e) {
                LOG.warn("looking for new TC/XDP programs failed; trying again in {} s: {}",
                        POLL_PERIOD.toSeconds(), e.getMessage());
            }
        }
    }

    /**
     * Attaches to each selected program not seen before; returns those now traced. A program without BTF is
     * skipped with a warning (fentry needs it); one that fails otherwise fails this call when {@code strict} (at
     * start), else is skipped with a warning (found by the watcher).
     */
    private synchronized List<PacketProgram> traceNew(boolean strict) {
        List<PacketProgram> traced = new ArrayList<>();
        if (closed) {
            return traced;
        }
        for (PacketProgram program : LoadedPrograms.find(selection, id -> !seen.contains(id))) {
            seen.add(program.id());
            if (program.name().startsWith(OWN_PREFIX)) {
                continue;
            }
            if (!program.hasBtf()) {
                LOG.warn("{} (id {}) is not traced: it has no BTF, which fentry needs (build it with clang -g)",
                        program.eventName(), program.id());
                continue;
            }
            try {
                links.addAll(trace(program));
                traced.add(program);
            } catch (RuntimeException e) {
                if (strict) {
                    throw e;
                }
                LOG.warn("{} (id {}) is not traced: {}", program.eventName(), program.id(), e.getMessage());
            }
        }
        return traced;
    }

    /** Loads the entry and exit copies aimed at {@code program} and attaches them (both or neither). */
    private List<Attachment> trace(PacketProgram program) {
        int fd = Libbpf.bpf_prog_get_fd_by_id(program.id());
        if (fd < 0) {
            return List.of(); // unloaded since listed
        }
        try {
            byAddress.put(program.address(), program);
            MemorySegment[] code = instructions.get(program.type());
            Tracing tracing = TRACING.get(program.type());
            return Attachments.allOrNone(attached -> {
                attached.add(attachCopy(tracing.entry(), code[0], ClonedProgram.BPF_TRACE_FENTRY, program, fd));
                attached.add(attachCopy(tracing.exit(), code[1], ClonedProgram.BPF_TRACE_FEXIT, program, fd));
            });
        } finally {
            Libc.close(fd);
        }
    }

    private static Attachment attachCopy(String name, MemorySegment code, int attachType, PacketProgram program,
            int fd) {
        try (ClonedProgram copy = ClonedProgram.loadForProgram(name, code, attachType, program.btfTypeId(), fd,
                program.eventName() + " (id " + program.id() + ")")) {
            return copy.attach(); // the link keeps the copy, and the program it traces, loaded
        }
    }

    /** Stops watching, then detaches from every program. */
    @Override
    public void close() {
        if (poller != null) {
            poller.interrupt();
            Uninterruptibly.joinAll(List.of(poller));
        }
        RuntimeException failure = new IllegalStateException("detaching from TC/XDP programs failed");
        synchronized (this) {
            closed = true;
            Attachments.closeAll(links, failure);
            links.clear();
        }
        closeStandIns();
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "fentry/fexit on " + describeSelection();
    }
}
