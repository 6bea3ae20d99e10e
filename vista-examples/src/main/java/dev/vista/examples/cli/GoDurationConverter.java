package dev.vista.examples.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as vista reads them (Go's time.ParseDuration): 100ms, 1.5s, 1m30s, 2h; units ns, us, µs, ms, s, m, h. */
final class GoDurationConverter implements ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    @Override
    public Duration convert(String value) {
        String text = value.strip();
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher part = PART.matcher(text);
        BigDecimal nanos = BigDecimal.ZERO;
        int end = 0;
        while (part.lookingAt()) {
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(part.group(2)))));
            end = part.end();
            part.region(end, text.length());
        }
        if (end == 0 || end != text.length()) {
            throw new TypeConversionException("'" + value + "' is not a duration: give a number with a unit, "
                    + "such as 100ms, 1.5s, 1m30s or 2h (units ns, us, ms, s, m, h)");
        }
        return Duration.ofNanos(nanos.longValue());
    }
}
