package dev.vista.internal.programs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vista.Backend;
import dev.vista.KernelFeatureException;
import dev.vista.internal.kallsyms.KernelSymbols;
import dev.vista.internal.kernel.BackendProbe;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * fentry on BPF programs works exactly where fentry on kernel functions does (both need
 * trampolines): refused on our host, with a message saying what works instead; allowed in the VM.
 */
@Tag("kernel")
@Tag("vm")
class FentryOnProgramsKernelTest {
    @Test
    void isRefusedExactlyWhereFentryOnKernelFunctionsIs() {
        String fentryRefused = new BackendProbe("ip_rcv", KernelSymbols::load).probe(Backend.FENTRY);

        KernelFeatureException refused = catchThrowableOfType(KernelFeatureException.class, FentryOnPrograms::require);

        assertThat(refused == null).as("fentry on programs works; fentry on ip_rcv: %s", fentryRefused)
                .isEqualTo(fentryRefused == null);
        if (refused != null) {
            Matcher errno = Pattern.compile("\\(errno \\d+\\)").matcher(fentryRefused);
            assertThat(errno.find()).as("the fentry probe's answer names errno: %s", fentryRefused).isTrue();
            assertThat(refused.getMessage())
                    .contains("fentry/fexit on BPF programs")
                    .as("refused for the reason fentry on kernel functions is").contains(errno.group())
                    .contains("TC_INGRESS and TC_EGRESS", "xdp:xdp_exception", "traceSkb()");
        }
    }
}
