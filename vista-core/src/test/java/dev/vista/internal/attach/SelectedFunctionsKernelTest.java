package dev.vista.internal.attach;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.Backend;
import dev.vista.FunctionTracing;
import dev.vista.KernelFeatureException;
import dev.vista.internal.kallsyms.KernelSymbols;
import dev.vista.internal.kernel.KernelBtfFiles;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kernel functions on a kernel without bpf_rdonly_cast, shown by a BTF that lacks it, with this host's probes. */
@Tag("kernel")
class SelectedFunctionsKernelTest {
    @TempDir
    Path dir;

    /**
     * AUTO probes the backends on this host, which has none (notes/kernel.md), and reports the kprobe
     * ones as unusable for the missing kfunc, whatever their own probe said.
     */
    @Test
    void autoPassesOverTheKprobeBackendsForTheMissingKfunc() throws Exception {
        var auto = new FunctionTracing(Pattern.compile("ip_rcv"), null, Backend.AUTO, Set.of(), false, 0);
        assertThatThrownBy(() -> SelectedFunctions.resolve(auto, KernelBtfFiles.withFunctions(dir, "ip_rcv"),
                KernelSymbols::load))
                .isInstanceOf(KernelFeatureException.class)
                .hasMessageContaining("no kernel-function backend works on this kernel")
                .hasMessageContaining("kprobe-multi needs kprobe-multi links (CONFIG_FPROBE) and Linux 6.2+ (its "
                        + "programs read kernel structs through the bpf_rdonly_cast kfunc")
                .hasMessageContaining("kprobe needs kprobes (CONFIG_KPROBES) and Linux 6.2+ (its programs read")
                .hasMessageContaining("fentry needs BPF trampolines");
    }
}
