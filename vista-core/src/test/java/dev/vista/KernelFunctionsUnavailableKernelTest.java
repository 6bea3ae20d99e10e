package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * On our host kernel (no kprobes, fentry refused), asking for kernel functions fails fast, names
 * the missing kernel feature and the alternative, and leaves nothing loaded. The VM tests show
 * the same requests working on a kernel that has the features.
 */
@Tag("kernel")
class KernelFunctionsUnavailableKernelTest {

    @AfterEach
    void nothingOfOursIsLoaded() throws Exception {
        assertThat(OurBpfPrograms.awaitNone()).isEmpty();
    }

    @Test
    void autoFindsNoBackendAndSuggestsTracepoints() {
        assertThatThrownBy(() -> Tracer.builder().traceSkbFunctions("ip_rcv").onEvent(e -> { }).start())
                .isInstanceOf(KernelFeatureException.class)
                .hasMessageContaining("no kernel-function backend works on this kernel")
                .hasMessageContaining("CONFIG_KPROBES")
                .hasMessageContaining("CONFIG_FPROBE")
                .hasMessageContaining("traceSkb()")
                .hasMessageNotContaining("--");
    }

    @Test
    void anExplicitBackendNamesItsKernelFeature() {
        assertThatThrownBy(() -> Tracer.builder().traceSkbFunctions("ip_rcv").backend(Backend.KPROBE)
                .onEvent(e -> { }).start())
                .isInstanceOf(KernelFeatureException.class)
                .hasMessageContaining("the kprobe backend does not work on this kernel")
                .hasMessageContaining("kprobes (CONFIG_KPROBES)")
                .hasMessageContaining("traceSkb()");
    }

    @Test
    void aFunctionRegexThatMatchesNothingIsBadInput() {
        assertThatThrownBy(() -> Tracer.builder().traceSkbFunctions("no_such_function_at_all")
                .onEvent(e -> { }).start())
                .isInstanceOf(InvalidPlanException.class)
                .hasMessageContaining("no_such_function_at_all");
    }

    @Test
    void aMalformedRegexIsBadInput() {
        assertThatThrownBy(() -> Tracer.builder().traceSkbFunctions("ip_(rcv"))
                .isInstanceOf(InvalidPlanException.class)
                .hasMessageContaining("not a valid regular expression");
    }
}
