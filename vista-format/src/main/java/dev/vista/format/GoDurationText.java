package dev.vista.format;

/**
 * Durations as Go's {@code time.Duration.String()} writes them, which vista prints for a connection's
 * lifetime and RTT: {@code 0s}, {@code 999ns}, {@code 240µs}, {@code 939.570803ms}, {@code 1.5s},
 * {@code 2m0.25s}, {@code 26h3m4s}; the largest unit below a second, else h/m/s, no trailing zeros.
 * Written backwards into a scratch array, so nothing is allocated. Not thread-safe.
 */
final class GoDurationText {
    private static final long MICROSECOND = 1_000L;
    private static final long MILLISECOND = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final char MICRO_SIGN = '\u00b5'; // what Go writes, not the Greek mu (U+03BC)

    // "-2562047h47m16.854775808s", Long.MIN_VALUE nanoseconds, is the longest: 25 characters.
    private final char[] buffer = new char[32];
    private int start;

    void append(long nanos, StringBuilder out) {
        start = buffer.length;
        // The magnitude as an unsigned long: Long.MIN_VALUE stays itself, read unsigned it is 2^63.
        long u = nanos < 0 ? -nanos : nanos;
        if (Long.compareUnsigned(u, SECOND) < 0) {
            put('s');
            if (u == 0) {
                put('0');
                out.append(buffer, start, buffer.length - start);
                return;
            }
            int precision;
            if (u < MICROSECOND) {
                precision = 0;
                put('n');
            } else if (u < MILLISECOND) {
                precision = 3;
                put(MICRO_SIGN);
            } else {
                precision = 6;
                put('m');
            }
            putInteger(putFraction(u, precision));
        } else {
            put('s');
            long whole = putFraction(u, 9); // whole seconds, unsigned
            putInteger(Long.remainderUnsigned(whole, 60));
            long minutes = Long.divideUnsigned(whole, 60);
            if (minutes > 0) {
                put('m');
                putInteger(minutes % 60);
                long hours = minutes / 60;
                if (hours > 0) { // hours are the largest unit: days differ in length
                    put('h');
                    putInteger(hours);
                }
            }
        }
        if (nanos < 0) {
            put('-');
        }
        out.append(buffer, start, buffer.length - start);
    }

    /** Puts the {@code precision} low decimal digits of {@code v} as ".ddd", trailing zeros (and bare dot) omitted. */
    private long putFraction(long v, int precision) {
        boolean print = false;
        for (int i = 0; i < precision; i++) {
            int digit = (int) Long.remainderUnsigned(v, 10);
            print |= digit != 0;
            if (print) {
                put((char) ('0' + digit));
            }
            v = Long.divideUnsigned(v, 10);
        }
        if (print) {
            put('.');
        }
        return v;
    }

    private void putInteger(long v) {
        do {
            put((char) ('0' + Long.remainderUnsigned(v, 10)));
            v = Long.divideUnsigned(v, 10);
        } while (v != 0);
    }

    private void put(char c) {
        buffer[--start] = c;
    }
}
