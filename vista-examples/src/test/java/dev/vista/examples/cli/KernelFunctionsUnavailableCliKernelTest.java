package dev.vista.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * On our host kernel (no kprobes, fentry refused) {@code --filter-skb-func} fails as bad input: the library's message
 * names its builder call, and the command adds what that means on its own command line.
 */
@Tag("kernel")
class KernelFunctionsUnavailableCliKernelTest {

    @Test
    void theAdviceToTraceTracepointsNamesTheFlag() {
        StringWriter err = new StringWriter();
        var cli = VistaCommand.commandLine(new StopRequest());
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));

        int exitCode = cli.execute("--filter-skb-func", "ip_rcv");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains("vista: no kernel-function backend works on this kernel",
                "Tracer.builder().traceSkb()", "\nvista: without --filter-skb-func the skb tracepoints are traced\n");
    }
}
