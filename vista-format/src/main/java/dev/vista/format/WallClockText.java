package dev.vista.format;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Wall-clock times as vista prints them ({@code HH:mm:ss.SSS}, local time) without allocating per
 * call: the zone's offset is looked up again only when a transition (DST) may have passed.
 */
final class WallClockText {
    /** Characters of every time printed: {@code HH:mm:ss.SSS}. */
    static final int LENGTH = 12;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final int SECONDS_PER_DAY = 86_400;

    private final ZoneRules rules;
    private long offsetValidFrom = Long.MAX_VALUE;
    private long offsetValidUntil = Long.MIN_VALUE;
    private int offsetSeconds;

    WallClockText(ZoneId zone) {
        this.rules = zone.getRules();
    }

    void append(long epochNanos, StringBuilder out) {
        long epochSecond = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
        if (epochSecond < offsetValidFrom || epochSecond >= offsetValidUntil) {
            lookUpOffset(epochSecond);
        }
        int secondOfDay = Math.floorMod(epochSecond + offsetSeconds, SECONDS_PER_DAY);
        int millis = (int) (Math.floorMod(epochNanos, NANOS_PER_SECOND) / NANOS_PER_MILLI);
        twoDigits(out, secondOfDay / 3600).append(':');
        twoDigits(out, secondOfDay / 60 % 60).append(':');
        twoDigits(out, secondOfDay % 60).append('.');
        if (millis < 100) {
            out.append('0');
        }
        twoDigits(out, millis);
    }

    private void lookUpOffset(long epochSecond) {
        Instant at = Instant.ofEpochSecond(epochSecond);
        offsetSeconds = rules.getOffset(at).getTotalSeconds();
        ZoneOffsetTransition next = rules.nextTransition(at);
        offsetValidFrom = epochSecond;
        offsetValidUntil = next == null ? Long.MAX_VALUE : next.toEpochSecond();
    }

    private static StringBuilder twoDigits(StringBuilder out, int value) {
        if (value < 10) {
            out.append('0');
        }
        return out.append(value);
    }
}
