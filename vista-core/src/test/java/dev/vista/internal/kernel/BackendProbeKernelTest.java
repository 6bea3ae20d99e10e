package dev.vista.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.Backend;
import dev.vista.internal.kallsyms.KernelSymbols;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The probe's answers agree with what the kernel shows by other means: kprobes exist when the
 * kprobe PMU does, kprobe-multi when fprobe is built in. Holds on our host (neither) and, tagged
 * "vm", in the VM (both).
 */
@Tag("kernel")
@Tag("vm")
class BackendProbeKernelTest {
    private final Map<Backend, String> probed = new BackendProbe("ip_rcv", KernelSymbols::load).probeAll();

    @Test
    void kprobesWorkExactlyWhenTheKernelHasTheKprobePmu() {
        boolean kprobePmu = Files.exists(Path.of("/sys/bus/event_source/devices/kprobe"));
        assertThat(probed.get(Backend.KPROBE) == null).as("kprobe works; reason: %s", probed.get(Backend.KPROBE))
                .isEqualTo(kprobePmu);
    }

    @Test
    void kprobeMultiWorksExactlyWhenTheKernelHasFprobe() throws IOException {
        boolean fprobe;
        try (Stream<String> symbols = Files.lines(Path.of("/proc/kallsyms"))) {
            fprobe = symbols.anyMatch(line -> line.endsWith(" register_fprobe"));
        }
        assertThat(probed.get(Backend.KPROBE_MULTI) == null)
                .as("kprobe-multi works; reason: %s", probed.get(Backend.KPROBE_MULTI)).isEqualTo(fprobe);
    }

    @Test
    void aBackendThatFailsSaysWhatTheKernelAnswered() {
        probed.values().stream().filter(reason -> reason != null)
                .forEach(reason -> assertThat(reason).containsPattern("\\(errno \\d+\\)"));
        assertThat(BackendProbe.fastest(probed)).isEqualTo(
                probed.get(Backend.KPROBE_MULTI) == null ? Backend.KPROBE_MULTI
                        : probed.get(Backend.FENTRY) == null ? Backend.FENTRY
                        : probed.get(Backend.KPROBE) == null ? Backend.KPROBE : null);
    }
}
