package dev.vista.internal.libc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LibcMemfdTest {
    private static final int EINVAL = 22;

    @Test
    void aMemfdHasTheLengthAskedForInZeroBytes() throws IOException {
        long length = 3L * Libc.pageSize() + 5;
        int fd = Libc.memfd("vista-test", length);
        try {
            assertThat(Files.readAllBytes(Libc.procFd(fd))).hasSize((int) length).containsOnly(0);
        } finally {
            Libc.close(fd);
        }
    }

    @Test
    void aMemfdOfNoLengthIsEmptyAndWritable() throws IOException {
        int fd = Libc.memfd("vista-test", 0);
        try {
            Files.write(Libc.procFd(fd), new byte[] {1, 2, 3});
            assertThat(Files.readAllBytes(Libc.procFd(fd))).containsExactly(1, 2, 3);
        } finally {
            Libc.close(fd);
        }
    }

    @Test
    void aLengthTheFileCannotHaveFailsWithErrnoAndLeavesNoDescriptorOpen() throws IOException {
        long before = openDescriptors();

        assertThatThrownBy(() -> Libc.memfd("vista-test", -1)).isInstanceOf(NativeException.class)
                .hasMessageStartingWith("ftruncate memfd vista-test to -1 bytes failed: ")
                .extracting(e -> ((NativeException) e).errno()).isEqualTo(EINVAL);
        assertThat(openDescriptors()).isEqualTo(before);
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.count();
        }
    }
}
