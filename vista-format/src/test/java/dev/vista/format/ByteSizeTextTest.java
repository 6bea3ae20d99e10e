package dev.vista.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteSizeTextTest {
    /** Expected texts are Go's %.3f of the count over the unit (rounded half to even), as vista prints. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0                   | 0B",
        "1023                | 1023B",
        "1024                | 1.000KiB",
        "1088                | 1.062KiB",
        "1089                | 1.063KiB",
        "1112                | 1.086KiB",
        "5454                | 5.326KiB",
        "5885                | 5.747KiB",
        "1048575             | 1023.999KiB",
        "1048576             | 1.000MiB",
        "3145728             | 3.000MiB",
        "1073741824          | 1.000GiB",
        "1099511627776       | 1.000TiB",
        "1125899906842624    | 1.000PiB",
        "-1                  | 16384.000PiB"})
    void writesWhatVistaWrites(long bytes, String expected) {
        StringBuilder out = new StringBuilder();
        ByteSizeText.append(bytes, out);
        assertThat(out).hasToString(expected);
    }
}
