package dev.vista.internal.libbpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.LibbpfUnavailableException;
import org.junit.jupiter.api.Test;

class LibbpfVersionTest {
    @Test
    void tooOldLibbpfIsRefusedWithTheFix() {
        assertThatThrownBy(() -> new LibbpfVersion(0, 8).requireSupported())
                .isInstanceOf(LibbpfUnavailableException.class)
                .hasMessageContaining("libbpf 0.8 is too old")
                .hasMessageContaining("1.0 or newer")
                .hasMessageContaining("apt-get install libbpf1");
    }

    @Test
    void theInstalledLibbpfIsAcceptedAndReportsItsVersion() {
        LibbpfVersion loaded = LibbpfVersion.loaded();
        assertThat(loaded.requireSupported()).isSameAs(loaded);
        assertThat(loaded.major()).isGreaterThanOrEqualTo(1);
        assertThat(new LibbpfVersion(1, 0).compareTo(new LibbpfVersion(1, 1))).isNegative();
    }
}
