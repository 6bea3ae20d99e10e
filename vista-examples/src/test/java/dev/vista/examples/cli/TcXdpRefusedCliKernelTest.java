package dev.vista.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * On our host kernel (fentry refused, also on BPF programs) {@code --filter-trace-tc} and {@code --filter-trace-xdp}
 * fail as bad input with the library's message, which names fentry and what shows TC and XDP drops instead, and
 * leave none of the programs that trace TC/XDP programs loaded.
 */
@Tag("kernel")
class TcXdpRefusedCliKernelTest {

    @ParameterizedTest
    @ValueSource(strings = {"--filter-trace-tc", "--filter-trace-xdp"})
    void failsNamingFentryAndTheFallbacksWithNothingLoaded(String flag) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = VistaCommand.commandLine(new StopRequest());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int exitCode = cli.execute(flag, "--filter-trace-prog", "^drop_");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).startsWith("vista: tracing TC and XDP programs needs fentry/fexit on BPF programs")
                .contains("--filter-trace-skb", "TC_INGRESS and TC_EGRESS", "xdp:xdp_exception");
        assertThat(out.toString()).doesNotContain("(tc)", "(xdp)");
        Process bpftool = new ProcessBuilder("bpftool", "prog", "show").redirectErrorStream(true).start();
        String loaded = new String(bpftool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bpftool.waitFor()).isZero();
        assertThat(loaded).doesNotContainPattern(" name vista_(tc|xdp|probe)_");
    }
}
