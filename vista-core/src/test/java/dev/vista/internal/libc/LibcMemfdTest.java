package dev.vista.internal.libc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class LibcMemfdTest {

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
}
