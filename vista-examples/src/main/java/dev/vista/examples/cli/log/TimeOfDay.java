package dev.vista.examples.cli.log;

import java.util.TimeZone;

/**
 * The local time of day as {@code HH:mm:ss.SSS}, by arithmetic on the epoch milliseconds and the zone's offset.
 * {@link java.text.SimpleDateFormat}, which slf4j-simple formatted it with, makes a {@link java.util.Calendar}, and
 * the first one a JVM makes parses all 1,152 of the JDK's locale tags to find the week's first day: 8-16 % of the
 * CLI's start in the emulated VM (BENCHMARKS.md, issue 19, "Fourteenth round").
 */
final class TimeOfDay {
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private TimeOfDay() {
    }

    /** Appends the time of day of {@code epochMillis} in the JVM's default time zone. */
    static StringBuilder appendNow(StringBuilder out, long epochMillis) {
        return append(out, epochMillis, TimeZone.getDefault().getOffset(epochMillis));
    }

    /** Appends the time of day of {@code epochMillis} at {@code offsetMillis} from UTC. */
    static StringBuilder append(StringBuilder out, long epochMillis, int offsetMillis) {
        long millisOfDay = Math.floorMod(epochMillis + offsetMillis, MILLIS_PER_DAY);
        twoDigits(out, millisOfDay / 3_600_000).append(':');
        twoDigits(out, millisOfDay / 60_000 % 60).append(':');
        twoDigits(out, millisOfDay / 1_000 % 60).append('.');
        long millis = millisOfDay % 1_000;
        return out.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
                .append((char) ('0' + millis % 10));
    }

    private static StringBuilder twoDigits(StringBuilder out, long value) {
        return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
