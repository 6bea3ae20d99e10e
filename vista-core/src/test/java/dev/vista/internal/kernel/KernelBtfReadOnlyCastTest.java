package dev.vista.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelBtfReadOnlyCastTest {
    @TempDir
    Path dir;

    @Test
    void aKernelWithTheKfuncHasIt() throws Exception {
        assertThat(KernelBtfFiles.withFunctions(dir, "ip_rcv", "bpf_rdonly_cast").hasReadOnlyCast()).isTrue();
    }

    @Test
    void aKernelWithoutTheKfuncLacksIt() throws Exception {
        assertThat(KernelBtfFiles.withFunctions(dir, "ip_rcv", "bpf_cast_to_kern_ctx").hasReadOnlyCast()).isFalse();
    }
}
