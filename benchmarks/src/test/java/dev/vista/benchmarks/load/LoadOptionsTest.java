package dev.vista.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LoadOptionsTest {
    private static LoadOptions parse(String... args) {
        LoadOptions options = new LoadOptions();
        new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        return options;
    }

    @Test
    void defaultsRunEveryTracerOnBothFloods() {
        LoadOptions options = parse();

        assertThat(options.traffic).containsExactly(Flood.Kind.UDP, Flood.Kind.TCP);
        assertThat(options.tracers).containsExactly(TracerKind.OFF, TracerKind.LIBRARY, TracerKind.LIBRARY_OTHER_PORT,
                TracerKind.CLI, TracerKind.BPFTRACE);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.messageBytes(Flood.Kind.UDP)).isEqualTo(64);
        assertThat(options.messageBytes(Flood.Kind.TCP)).isEqualTo(256);
        assertThat(options.rate).as("unpaced").isZero();
    }

    @Test
    void aRateHoldsTheFloodAndANegativeOneIsRefused() {
        assertThat(parse("--rate", "145000").rate).isEqualTo(145_000);
        assertThatThrownBy(() -> parse("--rate", "-1"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("a rate is 0 (unpaced) or more messages a second, not -1");
    }

    @Test
    void tracersTrafficAndDurationsAreTakenInTheGivenOrder() {
        LoadOptions options = parse("--traffic", "tcp", "--tracers", "cli,off,library-other-port", "--seconds", "2.5",
                "--cost-seconds", "0");

        assertThat(options.traffic).containsExactly(Flood.Kind.TCP);
        assertThat(options.tracers).containsExactly(TracerKind.CLI, TracerKind.OFF, TracerKind.LIBRARY_OTHER_PORT);
        assertThat(options.duration()).isEqualTo(Duration.ofMillis(2500));
        assertThat(options.costDuration()).isZero();
    }

    @Test
    void anUnknownTracerIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> parse("--tracers", "off,perf"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("unknown tracer 'perf'")
                .hasMessageContaining("choose from off, library, library-other-port, ")
                .hasMessageEndingWith(", cli, bpftrace");
    }
}
