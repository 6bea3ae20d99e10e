package dev.vista.examples.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.examples.setup.SetupScripts.Run;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/cli-command.sh, the JVM that ./vista execs: a run that only prints the version or the help starts without
 * C2 and without the perf-data file; a trace keeps both. The JVM prints its flags (-XX:+PrintFlagsFinal) and runs a
 * jar whose main class has the CLI's name and returns.
 */
class CliCommandScriptTest {
    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

    @TempDir
    Path target;

    @Test
    void versionAndHelpRunWithoutC2OrPerfData() throws Exception {
        for (String arg : List.of("--version", "-V", "-h", "--help")) {
            Run run = launch(arg);

            assertThat(run.exitCode()).as(arg).isZero();
            assertThat(run.stdout()).as(arg).containsPattern("TieredStopAtLevel\\s+= 1 ")
                    .containsPattern("UsePerfData\\s+= false ");
        }
    }

    @Test
    void aTraceKeepsBoth() throws Exception {
        Run run = launch("--filter-skb-func", ".*", "--output-limit-lines", "1");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).containsPattern("TieredStopAtLevel\\s+= 4 ").containsPattern("UsePerfData\\s+= true ");
    }

    private Run launch(String... cliArgs) throws Exception {
        Path jar = target.resolve("vista.jar");
        EmptyCliJar.writeTo(jar);
        List<String> command = SetupScripts.sourced(SetupScripts.directory().resolve("cli-command.sh"),
                "cli_command \"$0\" \"$1\" \"${@:2}\" && exec \"${CLI_COMMAND[@]}\"");
        command.add(JAVA_HOME.toString());
        command.add(jar.toString());
        command.addAll(List.of(cliArgs));
        return SetupScripts.run(Map.of("VISTA_JAVA_OPTS", "-XX:+PrintFlagsFinal", "VISTA_AOT_CACHE", "off"),
                command.toArray(String[]::new));
    }
}
