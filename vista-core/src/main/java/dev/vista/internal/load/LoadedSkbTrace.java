package dev.vista.internal.load;

import dev.vista.internal.libbpf.BpfLink;
import dev.vista.internal.libbpf.BpfMap;
import dev.vista.internal.libbpf.BpfObject;
import dev.vista.internal.ringbuf.RingBuffer;
import java.util.List;

/** The kernel side of a running trace: object, links, mapped ring, loss counter. */
public final class LoadedSkbTrace implements AutoCloseable {
    private final BpfObject object;
    private final List<BpfLink> links;
    private final RingBuffer ring;
    private final BpfMap lostEvents;

    LoadedSkbTrace(BpfObject object, List<BpfLink> links, RingBuffer ring, BpfMap lostEvents) {
        this.object = object;
        this.links = List.copyOf(links);
        this.ring = ring;
        this.lostEvents = lostEvents;
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
        RuntimeException failure = null;
        for (BpfLink link : links) {
            try {
                link.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        try {
            detach();
        } finally {
            ring.close();
            object.close();
        }
    }
}
