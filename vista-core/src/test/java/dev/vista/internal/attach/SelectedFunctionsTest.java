package dev.vista.internal.attach;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.Backend;
import dev.vista.FunctionTracing;
import dev.vista.KernelFeatureException;
import dev.vista.internal.btf.BtfBlobBuilder;
import dev.vista.internal.btf.BtfKind;
import dev.vista.internal.kernel.KernelBtf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SelectedFunctionsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"KPROBE", "KPROBE_MULTI"})
    void kprobeBackendsOnAKernelWithoutBpfRdonlyCastAreRefusedUpFrontWithTheVersionTheyNeed(Backend backend)
            throws Exception {
        var b = BtfBlobBuilder.base();
        int proto = b.type(BtfKind.FUNC_PROTO, "", 0, false, 0);
        b.type(BtfKind.FUNC, "ip_rcv", 0, false, proto);
        Path file = dir.resolve("linux-6.1.btf");
        Files.write(file, b.build());
        FunctionTracing spec = new FunctionTracing(Pattern.compile("ip_rcv"), null, backend, Set.of(), false, 0);

        // No kernel symbols: the refusal comes before they (or the backend probes) are needed.
        assertThatThrownBy(() -> SelectedFunctions.resolve(spec, KernelBtf.load(file), null))
                .isInstanceOf(KernelFeatureException.class)
                .hasMessageContaining("the " + backend.cliName() + " backend does not work on this kernel")
                .hasMessageContaining("bpf_rdonly_cast kfunc of Linux 6.2+")
                .hasMessageContaining("traceSkb()");
    }
}
