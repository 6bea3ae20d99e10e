package dev.vista.internal.attach;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.Backend;
import dev.vista.FunctionTracing;
import dev.vista.KernelFeatureException;
import dev.vista.internal.kernel.KernelBtfFiles;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Kernel functions on a kernel without bpf_rdonly_cast (before Linux 6.2), shown by a BTF that lacks it. */
class SelectedFunctionsTest {
    @TempDir
    Path dir;

    private static FunctionTracing ipRcv(Backend backend) {
        return new FunctionTracing(Pattern.compile("ip_rcv"), null, backend, Set.of(), false, 0);
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"KPROBE", "KPROBE_MULTI"})
    void kprobeBackendsAreRefusedUpFrontWithTheVersionTheyNeed(Backend backend) throws Exception {
        // No kernel symbols: the refusal comes before they (or the backend probes) are needed.
        assertThatThrownBy(() -> SelectedFunctions.resolve(ipRcv(backend), KernelBtfFiles.withFunctions(dir, "ip_rcv"),
                null))
                .isInstanceOf(KernelFeatureException.class)
                .hasMessageContaining("the " + backend.shortName() + " backend does not work on this kernel")
                .hasMessageContaining("bpf_rdonly_cast kfunc of Linux 6.2+")
                .hasMessageContaining("traceSkb()");
    }
}
