package dev.vista.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KernelIndexCacheDirectoryTest {
    @Test
    void theVariableNamesTheDirectoryOrTurnsTheCacheOff() {
        assertThat(KernelIndexCacheDirectory.of(Map.of("VISTA_KERNEL_CACHE", "/var/cache/vista", "HOME", "/root")))
                .isEqualTo(Path.of("/var/cache/vista"));
        assertThat(KernelIndexCacheDirectory.of(Map.of("VISTA_KERNEL_CACHE", "off", "HOME", "/root"))).isNull();
    }

    @Test
    void withoutItTheUsersCacheDirectoryAsXdgHasIt() {
        assertThat(KernelIndexCacheDirectory.of(Map.of("XDG_CACHE_HOME", "/tmp/xdg", "HOME", "/root")))
                .isEqualTo(Path.of("/tmp/xdg/vista"));
        assertThat(KernelIndexCacheDirectory.of(Map.of("XDG_CACHE_HOME", "relative", "HOME", "/root")))
                .as("a relative XDG_CACHE_HOME is ignored").isEqualTo(Path.of("/root/.cache/vista"));
        assertThat(KernelIndexCacheDirectory.of(Map.of("VISTA_KERNEL_CACHE", "", "HOME", "/home/u")))
                .isEqualTo(Path.of("/home/u/.cache/vista"));
        assertThat(KernelIndexCacheDirectory.of(Map.of())).as("no home: no cache").isNull();
    }
}
