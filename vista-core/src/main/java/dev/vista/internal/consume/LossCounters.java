package dev.vista.internal.consume;

import dev.vista.event.LossEvent;
import java.util.List;

/** The BPF side's per-CPU loss counters, as the poller reads them. */
public interface LossCounters {
    /** Events lost since start, over all CPUs. */
    long lostEvents();

    /** The losses no marker in the ring reported: those after which no event came on their CPU. */
    List<LossEvent> unreportedLosses();
}
