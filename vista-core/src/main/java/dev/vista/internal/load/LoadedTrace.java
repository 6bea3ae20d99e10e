package dev.vista.internal.load;

import dev.vista.AttachProgress;
import dev.vista.Backend;
import dev.vista.internal.attach.Attachments;
import dev.vista.internal.attach.ProgressReporter;
import dev.vista.internal.libbpf.Attachment;
import dev.vista.internal.libbpf.BpfMap;
import dev.vista.internal.libbpf.BpfObject;
import dev.vista.internal.ringbuf.RingBuffer;
import java.util.List;
import java.util.function.Consumer;

/** The kernel side of a running trace: objects, attachments, the mapped ring, the loss counter. */
public final class LoadedTrace implements AutoCloseable {
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

    public RingBuffer ring() {
        return ring;
    }

    /** Events the BPF side could not write because the ring was full, summed over CPUs. */
    public long lostEvents() {
        return lostEvents.sumPerCpuCounter(0);
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
