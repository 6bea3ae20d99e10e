package dev.vista.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.internal.btf.BtfBlobBuilder;
import dev.vista.internal.btf.BtfKind;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelBtfReadOnlyCastTest {
    @TempDir
    Path dir;

    /** A kernel BTF file with one function of no arguments, named {@code function}. */
    KernelBtf kernelWith(String function) throws Exception {
        var b = BtfBlobBuilder.base();
        int proto = b.type(BtfKind.FUNC_PROTO, "", 0, false, 0);
        b.type(BtfKind.FUNC, function, 0, false, proto);
        Path file = dir.resolve(function + ".btf");
        Files.write(file, b.build());
        return KernelBtf.load(file);
    }

    @Test
    void aKernelWithTheKfuncHasIt() throws Exception {
        assertThat(kernelWith("bpf_rdonly_cast").hasReadOnlyCast()).isTrue();
    }

    @Test
    void aKernelWithoutTheKfuncLacksIt() throws Exception {
        assertThat(kernelWith("bpf_cast_to_kern_ctx").hasReadOnlyCast()).isFalse();
    }
}
