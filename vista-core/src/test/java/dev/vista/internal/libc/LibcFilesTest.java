package dev.vista.internal.libc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** open(2) through its own variadic descriptor, and munmap's errno. */
class LibcFilesTest {
    private static final int ENOENT = 2;
    private static final int EINVAL = 22;
    private static final int ENOTDIR = 20;

    @Test
    void aDirectoryOpensToADescriptorThatRefersToIt(@TempDir Path directory) throws IOException {
        int fd = Libc.openDirectory(directory);
        try {
            assertThat(Files.readSymbolicLink(Libc.procFd(fd))).isEqualTo(directory.toRealPath());
        } finally {
            Libc.close(fd);
        }
    }

    @Test
    void whatIsNoDirectoryIsRefusedWithItsErrno(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("file"), "x");

        assertThatThrownBy(() -> Libc.openDirectory(directory.resolve("missing")))
                .isInstanceOf(NativeException.class).hasMessageStartingWith("open " + directory.resolve("missing"))
                .extracting(e -> ((NativeException) e).errno()).isEqualTo(ENOENT);
        assertThatThrownBy(() -> Libc.openDirectory(file)).isInstanceOf(NativeException.class)
                .extracting(e -> ((NativeException) e).errno()).isEqualTo(ENOTDIR);
    }

    @Test
    void anUnmapOfNoPageBoundaryFailsWithEinval() {
        MemorySegment mapping = Libc.mmap(Libc.pageSize(), Libc.PROT_READ, 0x02 | 0x20, -1, 0); // private, anonymous
        try {
            assertThatThrownBy(() -> Libc.munmap(mapping.asSlice(1))).isInstanceOf(NativeException.class)
                    .extracting(e -> ((NativeException) e).errno()).isEqualTo(EINVAL);
        } finally {
            Libc.munmap(mapping);
        }
    }
}
