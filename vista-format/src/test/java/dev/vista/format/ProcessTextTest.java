package dev.vista.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessTextTest {
    private final ProcessText text = new ProcessText(16);

    @Test
    void rightAlignsTheColumnAndEndsWithASpace() {
        assertThat(text.of("curl", 4242)).isEqualTo("    [curl(4242)] ");
        assertThat(text.of(null, 0)).isEqualTo("    [<empty>(0)] ");
        assertThat(text.of("kworker/u8:1-events", 77)).isEqualTo("[kworker/u8:1-events(77)] ");
    }

    @Test
    void eachTaskGetsItsOwnTextEvenAfterManyOthers() {
        String curl = text.of("curl", 1);
        for (int pid = 1; pid <= 500; pid++) { // more tasks than slots: evictions and shared slots
            assertThat(text.of("curl", pid)).isEqualTo(" ".repeat(8 - Integer.toString(pid).length())
                    + "[curl(" + pid + ")] ");
            assertThat(text.of("wget", pid)).contains("[wget(" + pid + ")]");
        }
        assertThat(text.of("curl", 1)).isEqualTo(curl);
    }
}
