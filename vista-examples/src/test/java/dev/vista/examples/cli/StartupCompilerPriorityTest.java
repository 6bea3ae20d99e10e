package dev.vista.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StartupCompilerPriorityTest {
    @Test
    void readsTheNiceValueAfterACommandWithSpacesAndParentheses() {
        // A /proc/TID/stat line as Linux 6.18 wrote it, nice 19, for a thread whose command has ") " in it.
        String stat = "4242 (C2 (x) Thre) S 4200 4200 4100 34816 4200 4194368 120 0 0 0 31 4 0 0 39 19 12 0 "
                + "3513 2147483648 3100 18446744073709551615 1 1 0 0 0 0 0 4096 17 1 0 0 0 0 0\n";

        assertThat(StartupCompilerPriority.nice(stat)).isEqualTo(19);
    }

    @Test
    void readsANegativeNiceValue() {
        String stat = "17 (java) S 1 17 17 0 -1 4194560 9 0 0 0 0 0 0 0 15 -5 1 0 3 0 0 0\n";

        assertThat(StartupCompilerPriority.nice(stat)).isEqualTo(-5);
    }
}
