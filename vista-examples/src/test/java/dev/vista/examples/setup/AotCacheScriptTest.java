package dev.vista.examples.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.examples.setup.SetupScripts.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/aot-cache.sh, ./vista's AOT cache made on the machine that uses it: the first run records, the
 * next assembles the cache in the background, the runs after it map it; a newer jar starts over. Each run
 * is a new bash that execs this JDK's java as ./vista does, with an empty jar for the CLI's (or, to run
 * ./vista's own command, scripts/cli-command.sh's, a jar whose main does nothing).
 */
class AotCacheScriptTest {
    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

    @TempDir
    Path target;

    private Path jar;

    @BeforeEach
    void emptyJar() throws IOException {
        jar = target.resolve("vista.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        new JarOutputStream(Files.newOutputStream(jar), manifest).close(); // only the manifest
    }

    @Test
    void recordsThenAssemblesThenMaps() throws Exception {
        Run first = launch(Map.of());
        assertThat(first.exitCode()).isZero();
        assertThat(first.stdout()).startsWith("options: -XX:+DisplayVMOutputToStderr")
                .contains("-XX:AOTMode=record -XX:AOTConfiguration=" + target.resolve("aot/vista-"));
        assertThat(first.stderr()).contains("AOTConfiguration recorded"); // on stderr: stdout is the CLI's
        assertThat(files()).singleElement().asString().contains(".conf.");

        Run second = launch(Map.of());
        assertThat(second.stdout()).isEqualTo("options: \n"); // this run goes on without a cache
        Path cache = awaitCache();

        Run third = launch(Map.of());
        assertThat(third.exitCode()).isZero();
        assertThat(third.stdout()).isEqualTo("options: -XX:+DisplayVMOutputToStderr -Xlog:aot*=off,cds*=off "
                + "-XX:AOTCache=" + cache + "\n");
        assertThat(third.stderr()).doesNotContain("AOT").doesNotContain("error");
        assertThat(files()).containsExactly(cache);
    }

    @Test
    void aNewerJarStartsOver() throws Exception {
        launch(Map.of());
        launch(Map.of());
        Path cache = awaitCache();
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));

        Run run = launch(Map.of());

        assertThat(run.stdout()).contains("-XX:AOTMode=record");
        assertThat(files()).doesNotContain(cache).singleElement().asString().contains(".conf.");
    }

    @Test
    void noneForVersionOrHelpOrWhenTurnedOff() throws Exception {
        assertThat(launch(Map.of(), "--version").stdout()).isEqualTo("options: \n");
        assertThat(launch(Map.of(), "-h").stdout()).isEqualTo("options: \n");
        assertThat(launch(Map.of("VISTA_AOT_CACHE", "off")).stdout()).isEqualTo("options: \n");
        assertThat(target.resolve("aot")).doesNotExist();
    }

    @Test
    void theCliCommandMapsTheCacheWithTheModuleGraphItWasMadeWith(@TempDir Path logs) throws Exception {
        EmptyCliJar.writeTo(jar);
        // A log file per JVM (%p: its pid), which the launcher's own -Xlog:aot*=off (for stdout) leaves alone.
        Map<String, String> environment = Map.of("VISTA_JAVA_OPTS",
                "-XX:+UseSerialGC -Xlog:aot=info:file=" + logs.resolve("aot-%p.log"));
        assertThat(launchCli(environment).exitCode()).isZero(); // records
        launchCli(environment); // assembles
        awaitCache();

        Run mapping = launchCli(environment);

        assertThat(mapping.exitCode()).isZero();
        String pid = mapping.stdout().strip();
        assertThat(Files.readString(logs.resolve("aot-" + pid + ".log"))).contains("Opened AOT cache")
                .contains("archived module property jdk.module.enable.native.access: ALL-UNNAMED")
                .contains("full module graph: enabled");
    }

    /** What ./vista runs (scripts/cli-command.sh), printing the pid of the JVM it execs. */
    private Run launchCli(Map<String, String> environment) throws Exception {
        List<String> command = SetupScripts.sourced(SetupScripts.directory().resolve("cli-command.sh"),
                "cli_command \"$0\" \"$1\" && echo $$ && exec \"${CLI_COMMAND[@]}\"");
        command.add(JAVA_HOME.toString());
        command.add(jar.toString());
        return SetupScripts.run(environment, command.toArray(String[]::new));
    }

    /** What ./vista does with the script, printing the options before it execs the JVM. */
    private Run launch(Map<String, String> environment, String... cliArgs) throws Exception {
        List<String> command = SetupScripts.sourced(SetupScripts.directory().resolve("aot-cache.sh"),
                "aot_cache_options \"$0\" \"$1\" \"${@:2}\" && echo \"options: ${AOT_OPTS[*]}\""
                        + " && exec \"$0/bin/java\" \"${AOT_OPTS[@]}\" -cp \"$1\" -version");
        command.add(JAVA_HOME.toString());
        command.add(jar.toString());
        command.addAll(List.of(cliArgs));
        return SetupScripts.run(environment, command.toArray(String[]::new));
    }

    /** The assembly runs in the background, at the lowest priority; done, it leaves the cache alone. */
    private Path awaitCache() throws Exception {
        for (int i = 0; i < 1200; i++) {
            List<Path> files = files();
            if (files.size() == 1 && files.getFirst().toString().endsWith(".aot")) {
                return files.getFirst();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no cache alone after 120 s: " + files());
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(target.resolve("aot"))) {
            return files.sorted().toList();
        }
    }
}
