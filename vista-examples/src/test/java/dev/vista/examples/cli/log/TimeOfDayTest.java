package dev.vista.examples.cli.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimeOfDayTest {
    private static final DateTimeFormatter JDK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    @Test
    void formatsAsTheJdkDoesAtAnyOffsetAndInstant() {
        SplittableRandom random = new SplittableRandom(19);
        for (int i = 0; i < 10_000; i++) {
            long millis = random.nextLong(-4_000_000_000_000L, 4_000_000_000_000L); // 1843 to 2096
            int offset = random.nextInt(-18 * 3_600, 18 * 3_600 + 1) * 1_000;
            var zone = ZoneOffset.ofTotalSeconds(offset / 1_000);
            String expected = JDK.format(Instant.ofEpochMilli(millis).atOffset(zone));
            assertThat(TimeOfDay.append(new StringBuilder(), millis, offset)).as("%d at %d", millis, offset)
                    .hasToString(expected);
        }
    }

    @Test
    void midnightAndTheLastMillisecondOfTheDay() {
        assertThat(TimeOfDay.append(new StringBuilder(), 0, 0)).hasToString("00:00:00.000");
        assertThat(TimeOfDay.append(new StringBuilder(), -1, 0)).hasToString("23:59:59.999");
        assertThat(TimeOfDay.append(new StringBuilder(), 0, -3_600_000)).hasToString("23:00:00.000");
        assertThat(TimeOfDay.append(new StringBuilder("at "), 45_296_789, 0)).hasToString("at 12:34:56.789");
    }
}
