package dev.vista.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WallClockTextTest {
    private static long epochNanos(String instant) {
        Instant at = Instant.parse(instant);
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }

    private static String text(WallClockText clock, String instant) {
        StringBuilder out = new StringBuilder();
        clock.append(epochNanos(instant), out);
        return out.toString();
    }

    @Test
    void printsHoursMinutesSecondsAndPaddedMillis() {
        WallClockText utc = new WallClockText(ZoneOffset.UTC);
        assertThat(text(utc, "2024-05-25T13:08:37.005999Z")).isEqualTo("13:08:37.005");
        assertThat(text(utc, "2024-05-25T00:00:00Z")).isEqualTo("00:00:00.000");
        assertThat(text(utc, "2024-05-25T23:59:59.999Z")).isEqualTo("23:59:59.999");
        assertThat(text(utc, "2024-05-25T09:05:03.050Z")).isEqualTo("09:05:03.050");
    }

    @Test
    void followsTheZoneAcrossADaylightSavingTransition() {
        WallClockText berlin = new WallClockText(ZoneId.of("Europe/Berlin"));
        assertThat(text(berlin, "2024-03-31T00:59:59.999Z")).isEqualTo("01:59:59.999");
        assertThat(text(berlin, "2024-03-31T01:00:00Z")).isEqualTo("03:00:00.000");
        // Going back in time, too (events from another CPU can be a little older).
        assertThat(text(berlin, "2024-03-30T23:00:00Z")).isEqualTo("00:00:00.000");
    }

    @Test
    void timesBeforeTheEpochWrapCorrectly() {
        assertThat(text(new WallClockText(ZoneOffset.UTC), "1969-12-31T23:59:59.500Z")).isEqualTo("23:59:59.500");
    }
}
