package dev.vista.format;

/**
 * Byte counts as vista prints a connection's rx and tx: below 1024 as {@code 512B}, else in the largest
 * binary unit that keeps the number at 1 or more, with three decimals rounded half to even as Go's
 * {@code %.3f} rounds: {@code 5.326KiB}, {@code 1.062KiB} (1088 bytes), {@code 3.000MiB}. Beyond GiB the
 * units are TiB and PiB (vista writes "TeB" and "PeB"). Integer arithmetic only, nothing allocated.
 */
final class ByteSizeText {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB"};

    private ByteSizeText() {
    }

    /** @param bytes a count, read as unsigned as the kernel's u64 counters are */
    static void append(long bytes, StringBuilder out) {
        if (Long.compareUnsigned(bytes, 1024) < 0) {
            out.append(bytes).append('B');
            return;
        }
        int unit = Math.min(UNITS.length - 1, (63 - Long.numberOfLeadingZeros(bytes)) / 10 - 1);
        int shift = 10 * (unit + 1);
        long whole = bytes >>> shift;
        long rest = bytes & ((1L << shift) - 1); // below 2^50: rest * 1000 fits in a long
        long scaled = rest * 1000;
        long millis = scaled >>> shift;
        long remainder = scaled & ((1L << shift) - 1);
        long half = 1L << (shift - 1);
        if (remainder > half || (remainder == half && (millis & 1) == 1)) {
            millis++;
        }
        if (millis == 1000) {
            whole++;
            millis = 0;
        }
        out.append(whole).append('.');
        if (millis < 100) {
            out.append(millis < 10 ? "00" : "0");
        }
        out.append(millis).append(UNITS[unit]);
    }
}
