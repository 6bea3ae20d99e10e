package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vista.internal.programs.FentryOnPrograms;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * traceTcPrograms()/traceXdpPrograms() on the kernel at hand: where fentry on BPF programs is refused (our host),
 * start() fails fast with the KernelFeatureException naming fentry and the fallbacks, and none of our programs stays
 * loaded; where it is allowed (the VM), start() succeeds with no program matching and close() leaves none.
 */
@Tag("kernel")
@Tag("vm")
class TcXdpProgramsKernelTest {
    @Test
    void startFailsFastWhereFentryOnProgramsIsRefusedAndLeavesNothingLoaded() throws Exception {
        KernelFeatureException refused = catchThrowableOfType(KernelFeatureException.class, FentryOnPrograms::require);
        TracerBuilder builder = Tracer.builder().traceTcPrograms().traceXdpPrograms("^no_such_prog_17$")
                .onEvent(e -> { });

        if (refused != null) {
            KernelFeatureException failed = catchThrowableOfType(KernelFeatureException.class, builder::start);
            assertThat(failed).as("start() on a kernel refusing fentry on programs").isNotNull();
            assertThat(failed.getMessage()).contains("fentry/fexit on BPF programs", "TC_INGRESS and TC_EGRESS",
                    "xdp:xdp_exception");
            assertThat(OurBpfPrograms.awaitNone(TcXdpProgramsKernelTest::ofProgramTracing))
                    .as("BPF programs left after the failed start").isEmpty();
        } else {
            builder.start().close();
            assertThat(OurBpfPrograms.awaitNone(TcXdpProgramsKernelTest::ofProgramTracing))
                    .as("BPF programs left after close()").isEmpty();
        }
    }

    /** Programs that only tracing TC/XDP programs loads (other tracers may run beside the test on a shared host). */
    static boolean ofProgramTracing(String bpftoolLine) {
        return Pattern.compile(" name vista_(tc|xdp|probe)_").matcher(bpftoolLine).find();
    }
}
