package dev.vista.internal.load;

import dev.vista.AttachProgress;
import dev.vista.Backend;
import dev.vista.internal.attach.Attachments;
import dev.vista.internal.attach.FunctionNames;
import dev.vista.internal.attach.ProgressReporter;
import dev.vista.internal.libbpf.Attachment;
import dev.vista.internal.libbpf.BpfMap;
import dev.vista.internal.libbpf.BpfObject;
import dev.vista.event.LossEvent;
import dev.vista.internal.consume.LossCounters;
import dev.vista.internal.decode.LossDecoder;
import dev.vista.internal.ringbuf.LossLayout;
import dev.vista.internal.ringbuf.RingBuffer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The kernel side of a running trace: objects, attachments, the mapped ring, the loss counter. */
public final class LoadedTrace implements LossCounters, AutoCloseable {
    private final List<BpfObject> objects;
    private final List<Attachment> attachments;
    private final int attachedFunctions;
    private final RingBuffer ring;
    private final BpfMap lostEvents;
    private final Backend backend;
    private final Consumer<? super AttachProgress> progressListener;
    private boolean detached;

    LoadedTrace(List<BpfObject> objects, List<Attachment> attachments, int attachedFunctions, RingBuffer ring,
            BpfMap lostEvents, Backend backend, Consumer<? super AttachProgress> progressListener) {
        this.objects = List.copyOf(objects);
        this.attachments = List.copyOf(attachments);
        this.attachedFunctions = attachedFunctions;
        this.ring = ring;
        this.lostEvents = lostEvents;
        this.backend = backend;
        this.progressListener = progressListener;
    }

    /** Kernel functions attached to: those selected less those the kernel refused (skipped and logged). */
    public int attachedFunctions() {
        return attachedFunctions;
    }

    /** The traced functions by where the kernel found them, when the attaching learned that (kprobe-multi). */
    public FunctionNames functionNames() {
        return attachments.stream().filter(FunctionNames.class::isInstance).map(FunctionNames.class::cast)
                .findFirst().orElse(FunctionNames.NONE);
    }

    public RingBuffer ring() {
        return ring;
    }

    /** Events the BPF side could not write because the ring was full, summed over CPUs. */
    @Override
    public long lostEvents() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment counters = lostEvents.perCpuValues(0, LossLayout.COUNTER_SIZE, arena);
            long sum = 0;
            for (long at = 0; at < counters.byteSize(); at += LossLayout.COUNTER_SIZE) {
                sum += counters.get(ValueLayout.JAVA_LONG, at + LossLayout.COUNTER_LOST);
            }
            return sum;
        }
    }

    /** Per CPU, the losses no marker in the ring reported (no event followed them there), CPU by CPU. */
    @Override
    public List<LossEvent> unreportedLosses() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment counters = lostEvents.perCpuValues(0, LossLayout.COUNTER_SIZE, arena);
            List<LossEvent> losses = new ArrayList<>();
            for (int cpu = 0; (long) cpu * LossLayout.COUNTER_SIZE < counters.byteSize(); cpu++) {
                LossEvent loss = LossDecoder.unreported(counters, (long) cpu * LossLayout.COUNTER_SIZE, cpu);
                if (loss != null) {
                    losses.add(loss);
                }
            }
            return losses;
        }
    }

    /** Detaches every program, so no new events are produced; the ring stays readable. */
    public void detach() {
        if (detached) {
            return;
        }
        detached = true;
        RuntimeException failure = new IllegalStateException("detaching failed");
        ProgressReporter progress = new ProgressReporter(AttachProgress.Phase.DETACHING, backend,
                attachments.size(), progressListener);
        Attachments.closeAll(attachments, progress, failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    @Override
    public void close() {
        try {
            detach();
        } finally {
            ring.close();
            objects.forEach(BpfObject::close);
        }
    }

    /** Undoes a partial load: attachments first, then objects; failures join {@code cause}. */
    static void release(List<Attachment> attachments, List<BpfObject> objects, RuntimeException cause) {
        Attachments.closeAll(attachments, cause);
        objects.forEach(BpfObject::close);
    }
}
