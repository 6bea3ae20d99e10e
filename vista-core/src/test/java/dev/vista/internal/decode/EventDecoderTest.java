package dev.vista.internal.decode;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.DropReason;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import dev.vista.internal.ringbuf.EventLayout;
import dev.vista.internal.ringbuf.RingEventView;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decoder reuses one builder per kind of event: nothing of one event may leak into the next. */
class EventDecoderTest {
    private static final long EPOCH_OFFSET = 1_000_000_000L;

    private static MemorySegment record(Arena arena, Tracepoint where, int mark, long location, int stackDepth) {
        MemorySegment rec = arena.allocate(EventLayout.STACK + stackDepth * Long.BYTES, Long.BYTES);
        rec.set(JAVA_LONG_UNALIGNED, EventLayout.TS_NS, 5L);
        rec.set(JAVA_SHORT_UNALIGNED, EventLayout.WHERE, (short) where.ordinal());
        rec.set(JAVA_BYTE, EventLayout.SOURCE, (byte) RingEventView.SOURCE_SKB_TRACEPOINT);
        rec.set(JAVA_INT_UNALIGNED, EventLayout.MARK, mark);
        rec.set(JAVA_LONG_UNALIGNED, EventLayout.LOCATION, location);
        rec.set(JAVA_INT_UNALIGNED, EventLayout.DROP_REASON, 2);
        rec.set(JAVA_BYTE, EventLayout.STACK_DEPTH, (byte) stackDepth);
        for (int i = 0; i < stackDepth; i++) {
            rec.set(JAVA_LONG_UNALIGNED, EventLayout.STACK + i * Long.BYTES, 0xa0L + i);
        }
        return rec;
    }

    @Test
    void aDropFollowedByAnotherPacketGivesTheSecondNoneOfTheDropsFields() {
        DropReason noSocket = new DropReason(2, DropReason.NO_SOCKET);
        EventDecoder decoder = new EventDecoder(Map.of(2, noSocket), null, EPOCH_OFFSET);
        RingEventView view = new RingEventView(decoder);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment drop = record(arena, Tracepoint.KFREE_SKB, 7, 0xffffffff81234567L, 2);
            MemorySegment queued = record(arena, Tracepoint.NET_DEV_QUEUE, 0, 0, 0);

            TraceEvent first = decoder.decode(view.wrap(drop, 0, (int) drop.byteSize()));
            TraceEvent second = decoder.decode(view.wrap(queued, 0, (int) queued.byteSize()));

            assertThat(first.dropReason()).isSameAs(noSocket);
            assertThat(first.location()).isEqualTo("0xffffffff81234567");
            assertThat(first.stack()).hasSize(2);
            assertThat(first.mark()).isEqualTo(7);
            assertThat(first.epochNanos()).isEqualTo(5 + EPOCH_OFFSET);
            assertThat(second.tracepoint()).isEqualTo(Tracepoint.NET_DEV_QUEUE);
            assertThat(second.dropReason()).isNull();
            assertThat(second.location()).isNull();
            assertThat(second.stack()).isEmpty();
            assertThat(second.mark()).isZero();
            assertThat(first.tracepoint()).as("the first event is unchanged").isEqualTo(Tracepoint.KFREE_SKB);
        }
    }
}
