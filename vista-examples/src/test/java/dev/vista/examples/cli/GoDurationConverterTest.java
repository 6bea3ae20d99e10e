package dev.vista.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class GoDurationConverterTest {
    private final GoDurationConverter converter = new GoDurationConverter();

    @ParameterizedTest
    @CsvSource({"0, 0", "100ms, 100000000", "1s, 1000000000", "1.5s, 1500000000", "1m30s, 90000000000",
        "2h, 7200000000000", "250us, 250000", "250µs, 250000", "7ns, 7", ".5s, 500000000", "1h2m3s4ms, 3723004000000"})
    void readsGoDurations(String text, long nanos) {
        assertThat(converter.convert(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "1d", "s", "-1s", "1s ago", "1..5s"})
    void refusesWhatGoRefusesNamingTheValue(String text) {
        assertThatThrownBy(() -> converter.convert(text)).isInstanceOf(TypeConversionException.class)
                .hasMessageStartingWith("'" + text + "' is not a duration");
    }
}
