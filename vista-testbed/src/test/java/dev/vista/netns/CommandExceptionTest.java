package dev.vista.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandExceptionTest {
    @Test
    void aMissingProgramIsNamedWithThePackageThatHasIt() {
        assertThatThrownBy(() -> Commands.run(List.of("/nonexistent/ip", "netns", "list")))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("cannot run /nonexistent/ip")
                .hasMessageContaining("install iproute2")
                .satisfies(e -> assertThat(((CommandException) e).exitCode()).isEqualTo(CommandException.NOT_STARTED));
    }

    @Test
    void aFailureCarriesCommandExitCodeStderrAndHint() {
        CommandResult denied = new CommandResult(List.of("ip", "netns", "add", "x"), 1, "",
                "mount --make-shared /run/netns failed: Operation not permitted\n");

        assertThatThrownBy(denied::orThrow)
                .isInstanceOf(CommandException.class)
                .hasMessage("""
                        command failed with exit code 1: ip netns add x
                        stderr: mount --make-shared /run/netns failed: Operation not permitted
                        hint: run as root (network namespaces need CAP_SYS_ADMIN and CAP_NET_ADMIN)""");
    }

    @Test
    void quotesArgumentsAShellWouldSplit() {
        assertThat(CommandException.commandLine(List.of("sh", "-c", "echo it's", "")))
                .isEqualTo("sh -c 'echo it'\\''s' ''");
    }

    @Test
    void runReportsOutputAndExitCodeWithoutThrowing() {
        CommandResult result = Commands.run(List.of("sh", "-c", "echo out; echo err >&2; exit 2"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
    }
}
