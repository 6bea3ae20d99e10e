package dev.vista.internal.decode;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.vista.event.EventSource;
import dev.vista.event.LossEvent;
import dev.vista.internal.ringbuf.LossLayout;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.Set;

/** Loss markers and per-CPU loss counters as {@link LossEvent}s: rare, so allocating is fine. */
public final class LossDecoder {
    private LossDecoder() {
    }

    /** The marker record at {@code offset}. */
    public static LossEvent marker(MemorySegment data, long offset) {
        return new LossEvent(data.get(JAVA_LONG_UNALIGNED, offset + LossLayout.MARKER_TS_NS),
                data.get(JAVA_INT_UNALIGNED, offset + LossLayout.MARKER_CPU),
                data.get(JAVA_LONG_UNALIGNED, offset + LossLayout.MARKER_COUNT),
                sources(data.get(JAVA_INT_UNALIGNED, offset + LossLayout.MARKER_SOURCES)));
    }

    /** What {@code cpu}'s counter at {@code offset} counted that no marker reported, or null if nothing. */
    public static LossEvent unreported(MemorySegment counters, long offset, int cpu) {
        long pending = counters.get(JAVA_LONG_UNALIGNED, offset + LossLayout.COUNTER_LOST)
                - counters.get(JAVA_LONG_UNALIGNED, offset + LossLayout.COUNTER_REPORTED);
        return pending == 0 ? null : new LossEvent(counters.get(JAVA_LONG_UNALIGNED, offset + LossLayout.COUNTER_FIRST_NS),
                cpu, pending, sources(counters.get(JAVA_INT_UNALIGNED, offset + LossLayout.COUNTER_SOURCES)));
    }

    /** The bitmask {@code 1 << enum vista_source} as sources. */
    static Set<EventSource> sources(int mask) {
        Set<EventSource> sources = EnumSet.noneOf(EventSource.class);
        for (int bits = mask; bits != 0; bits &= bits - 1) {
            EventSource source = EventSource.ofId(Integer.numberOfTrailingZeros(bits));
            if (source != null) {
                sources.add(source);
            }
        }
        return sources;
    }
}
