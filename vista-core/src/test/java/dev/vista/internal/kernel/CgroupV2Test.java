package dev.vista.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CgroupV2Test {
    @Test
    void findsTheCgroup2MountOfAHybridOrAUnifiedSystem() {
        assertThat(CgroupV2.mountPoint(List.of(
                "cgroup /sys/fs/cgroup/cpu cgroup rw,relatime,cpu 0 0",
                "cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0"))).contains(Path.of("/sys/fs/cgroup/unified"));
        assertThat(CgroupV2.mountPoint(List.of("cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid 0 0")))
                .contains(Path.of("/sys/fs/cgroup"));
        assertThat(CgroupV2.mountPoint(List.of("none /my\\040cgroups cgroup2 rw 0 0")))
                .contains(Path.of("/my cgroups"));
    }

    @Test
    void noCgroup2MountIsEmpty() {
        assertThat(CgroupV2.mountPoint(List.of("cgroup /sys/fs/cgroup/cpu cgroup rw,cpu 0 0",
                "tmpfs /sys/fs/cgroup tmpfs rw 0 0"))).isEmpty();
    }
}
