package dev.vista.benchmarks.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.Backend;
import dev.vista.InvalidPlanException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AttachOptionsTest {
    private static AttachOptions parse(String... args) {
        AttachOptions options = new AttachOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void defaultsRunTheThreeBackendsOverAllFunctionsWithAWarmUp() {
        AttachOptions options = parse();

        assertThat(options.runs()).containsExactly(new AttachOptions.Run(Backend.KPROBE_MULTI, 0),
                new AttachOptions.Run(Backend.FENTRY, 0), new AttachOptions.Run(Backend.KPROBE, 0));
        assertThat(options.timeoutSeconds).isEqualTo(600);
        assertThat(options.kprobeBatch).isEqualTo(16);
        assertThat(options.noWarmup).isFalse();
        assertThat(options.timeBudgetSeconds()).as("three backends and the warm-up, 600 s each, 300 spare")
                .isEqualTo(4 * 600 + 300);
    }

    @Test
    void aBackendsOwnLimitOverridesTheCommonOne() {
        AttachOptions options = parse("--limit", "50", "--timeout", "900", "--no-warmup", "fentry", "kprobe:400");

        assertThat(options.runs()).containsExactly(new AttachOptions.Run(Backend.FENTRY, 50),
                new AttachOptions.Run(Backend.KPROBE, 400));
        assertThat(options.noWarmup).isTrue();
        assertThat(options.timeBudgetSeconds()).isEqualTo(3 * 900 + 300);
    }

    @Test
    void badValuesAreRefusedNamingWhatWasWrong() {
        assertThatThrownBy(() -> parse("--timeout", "0")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("'0' is not a positive number");
        assertThatThrownBy(() -> parse("--limit")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--limit");
        assertThatThrownBy(() -> parse("--bogus")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--bogus");
        assertThatThrownBy(() -> parse("auto").runs()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not auto");
        assertThatThrownBy(() -> parse("kprobe:x").runs()).isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("'x' is not a positive number");
        assertThatThrownBy(() -> parse("uprobe").runs()).isInstanceOf(InvalidPlanException.class)
                .hasMessageContaining("unknown backend 'uprobe'");
    }
}
