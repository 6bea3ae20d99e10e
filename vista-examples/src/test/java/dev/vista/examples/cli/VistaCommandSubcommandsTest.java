package dev.vista.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** main's command line leaves the subcommands out where no argument names one, and says what the whole one says. */
class VistaCommandSubcommandsTest {

    @Test
    void theNamesLookedForAreTheSubcommandsOfTheWholeCommand() {
        assertThat(VistaCommand.commandLine(new StopRequest()).getSubcommands().keySet())
                .containsExactlyInAnyOrderElementsOf(VistaCommand.SUBCOMMANDS);
    }

    @Test
    void aTracesCommandLineIsParsedWithoutTheSubcommands() {
        String[] trace = {"--filter-skb-func", ".*", "--kprobe-backend", "kprobe-multi", "--output-limit-lines", "1"};

        assertThat(VistaCommand.commandLine(new StopRequest(), trace).getSubcommands()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "--log-level debug tcpw -- true", "skbtracer -h", "--help"})
    void aCommandLineThatNamesASubcommandOrAsksForHelpHasThemAll(String args) {
        assertThat(VistaCommand.commandLine(new StopRequest(), args.split(" ")).getSubcommands().keySet())
                .containsExactlyInAnyOrderElementsOf(VistaCommand.SUBCOMMANDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dmeo", "--bogus", "--output-limit-lines 1 skbtrace", "--output-limit-lines x",
        "--output-percpu-buffer 1", "--ready-file ready"})
    void aBadCommandLineGetsWhatTheWholeCommandSays(String args) {
        StringWriter wholeErr = new StringWriter();
        StringWriter err = new StringWriter();

        int wholeCode = execute(VistaCommand.commandLine(new StopRequest()), wholeErr, args);
        int code = execute(VistaCommand.commandLine(new StopRequest(), args.split(" ")), err, args);

        assertThat(wholeCode).isNotZero();
        assertThat(code).isEqualTo(wholeCode);
        assertThat(err.toString()).isNotEmpty().isEqualTo(wholeErr.toString());
    }

    private static int execute(CommandLine cli, StringWriter err, String args) {
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args.split(" "));
    }
}
