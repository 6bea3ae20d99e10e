package dev.vista.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTextTest {
    private final GoDurationText durations = new GoDurationText();

    /** Expected texts are what Go's time.Duration(n).String() returns (its own tests' cases among them). */
    @ParameterizedTest(name = "{0} ns -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0                    | 0s",
        "1                    | 1ns",
        "999                  | 999ns",
        "1000                 | 1µs",
        "1100                 | 1.1µs",
        "240000               | 240µs",
        "2200000              | 2.2ms",
        "939570803            | 939.570803ms",
        "999999999            | 999.999999ms",
        "1000000000           | 1s",
        "1503016789           | 1.503016789s",
        "3300000000           | 3.3s",
        "120000000000         | 2m0s",
        "124500000000         | 2m4.5s",
        "3600000000000        | 1h0m0s",
        "18908001000000       | 5h15m8.001s",
        "-1                   | -1ns",
        "-1100                | -1.1µs",
        "-120000000000        | -2m0s",
        "9223372036854775807  | 2562047h47m16.854775807s",
        "-9223372036854775808 | -2562047h47m16.854775808s"})
    void writesWhatGoWrites(long nanos, String expected) {
        StringBuilder out = new StringBuilder("x=");
        durations.append(nanos, out);
        assertThat(out).hasToString("x=" + expected);
    }
}
