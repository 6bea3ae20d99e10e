package dev.vista.internal.ringbuf;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecordFieldCacheTest {
    private final Arena arena = Arena.ofConfined();
    private final AtomicInteger decodes = new AtomicInteger();

    @AfterEach
    void closeArena() {
        arena.close();
    }

    /** A record holding only a comm (the rest zero), as the ring would. */
    private RingEventView recordWithComm(String comm) {
        MemorySegment record = arena.allocate(EventLayout.SIZE, Long.BYTES);
        byte[] bytes = comm.getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(bytes, 0, record, JAVA_BYTE, EventLayout.COMM, bytes.length);
        return new RingEventView().wrap(record, 0, (int) record.byteSize());
    }

    private RecordFieldCache<String> commCache(int slots) {
        return new RecordFieldCache<>(EventLayout.COMM, EventLayout.COMM_LEN, slots, view -> {
            decodes.incrementAndGet();
            return view.comm();
        });
    }

    @Test
    void equalBytesDecodeOnceAndShareTheValue() {
        RecordFieldCache<String> cache = commCache(16);
        String first = cache.get(recordWithComm("iperf3"));
        String second = cache.get(recordWithComm("iperf3"));
        assertThat(first).isEqualTo("iperf3");
        assertThat(second).isSameAs(first);
        assertThat(decodes).hasValue(1);
    }

    @Test
    void differentBytesGetTheirOwnValueEvenWhenTheyShareASlot() {
        RecordFieldCache<String> oneSlot = commCache(1);
        assertThat(oneSlot.get(recordWithComm("sshd"))).isEqualTo("sshd");
        assertThat(oneSlot.get(recordWithComm("sshd-session"))).isEqualTo("sshd-session"); // same first 8 bytes
        assertThat(oneSlot.get(recordWithComm("sshd"))).isEqualTo("sshd");
        assertThat(decodes).hasValue(3);
    }

    @Test
    void keysOnTheFieldsBytesOnly() {
        RecordFieldCache<String> cache = commCache(16);
        RingEventView a = recordWithComm("curl");
        RingEventView b = recordWithComm("curl");
        b.segment().set(JAVA_BYTE, EventLayout.IFNAME, (byte) 'x'); // outside the comm
        assertThat(cache.get(b)).isSameAs(cache.get(a));
        assertThat(decodes).hasValue(1);
    }

    @Test
    void refusesLengthsThatAreNotWholeWordsAndSlotsThatAreNotPowersOfTwo() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RecordFieldCache<>(0, 12, 16, RingEventView::comm))
                .withMessageContaining("bytes 12");
        assertThatIllegalArgumentException().isThrownBy(() -> new RecordFieldCache<>(0, 16, 12, RingEventView::comm))
                .withMessageContaining("slots 12");
    }
}
