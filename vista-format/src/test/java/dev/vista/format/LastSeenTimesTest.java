package dev.vista.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LastSeenTimesTest {
    private static final long BASE = 0xffff888100000000L;

    @Test
    void theFirstSightingIsZeroAndLaterOnesTheTimeSinceThePrevious() {
        LastSeenTimes times = new LastSeenTimes();
        assertThat(times.sinceLastSeen(BASE, 100)).isZero();
        assertThat(times.sinceLastSeen(BASE, 150)).isEqualTo(50);
        assertThat(times.sinceLastSeen(BASE, 400)).isEqualTo(250);
        assertThat(times.sinceLastSeen(0, 500)).as("no address: nothing to relate to").isZero();
        assertThat(times.size()).isEqualTo(1);
    }

    @Test
    void everyAddressIsKeptAcrossGrowthAndForgettingOneLeavesTheOthers() {
        LastSeenTimes times = new LastSeenTimes();
        int count = 5000; // several doublings of the table
        for (int i = 0; i < count; i++) {
            assertThat(times.sinceLastSeen(BASE + 256L * i, i)).isZero();
        }
        for (int i = 0; i < count; i += 2) {
            times.forget(BASE + 256L * i);
        }
        times.forget(BASE - 256); // never seen: nothing happens
        assertThat(times.size()).isEqualTo(count / 2);
        for (int i = 0; i < count; i++) {
            long expected = i % 2 == 0 ? 0 : 10_000;
            assertThat(times.sinceLastSeen(BASE + 256L * i, i + 10_000L)).as("address %d", i).isEqualTo(expected);
        }
    }

    @Test
    void atTheBoundItStartsAfresh() {
        LastSeenTimes times = new LastSeenTimes();
        for (int i = 0; i < LastSeenTimes.MAX_ENTRIES; i++) {
            times.sinceLastSeen(BASE + 64L * i, 1);
        }
        assertThat(times.sinceLastSeen(BASE, 5)).isEqualTo(4);
        assertThat(times.sinceLastSeen(BASE - 64, 5)).as("one more address than the bound").isZero();
        assertThat(times.size()).isEqualTo(1);
        assertThat(times.sinceLastSeen(BASE, 9)).as("forgotten when it started afresh").isZero();
    }
}
