package dev.vista.examples.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.examples.setup.SetupScripts.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/find-jdk.sh, the one JDK discovery of ./vista, ./run-tests and ./mvnw's environment: JAVA_HOME,
 * then the java on the PATH, then the JDKs under /usr/lib/jvm; the first that is 25 or newer. Fake JDKs
 * (a release file and two executables) stand in for real ones.
 */
class FindJdkScriptTest {
    @TempDir
    Path temp;

    private Path jvmDir;
    private Path bin; // the PATH: the tools the script uses, and maybe a java

    @BeforeEach
    void tools() throws IOException {
        jvmDir = Files.createDirectory(temp.resolve("jvm"));
        bin = Files.createDirectory(temp.resolve("bin"));
        for (String tool : new String[] {"sed", "dirname", "readlink"}) {
            executable(bin.resolve(tool), "exec /usr/bin/" + tool + " \"$@\"");
        }
    }

    @Test
    void javaHomeComesFirst() throws Exception {
        Path home = fakeJdk(temp.resolve("home-jdk"), "25.0.3");
        fakeJdk(jvmDir.resolve("other-26"), "26");

        assertThat(findJdk(home)).isEqualTo(new Run(0, home + "\n", ""));
    }

    @Test
    void anOldJavaHomeIsPassedOverForTheJavaOnThePath() throws Exception {
        Path old = fakeJdk(temp.resolve("jdk-17"), "17.0.15");
        Path onPath = fakeJdk(temp.resolve("path-jdk"), "25.0.1");
        Files.createSymbolicLink(bin.resolve("java"), onPath.resolve("bin/java"));

        Run run = findJdk(old);

        assertThat(run.stdout()).isEqualTo(onPath + "\n");
        assertThat(run.stderr()).isEqualTo("find-jdk: JAVA_HOME=" + old
                + " is JDK 17; vista needs JDK 25 or newer: looking further\n");
    }

    @Test
    void theJavaOnThePathIsFoundUnderTheJvmDirectoryWithoutReadlink() throws Exception {
        fakeJdk(jvmDir.resolve("aa-jdk-25"), "25"); // first under the directory, so picked if the PATH's were missed
        Path onPath = fakeJdk(jvmDir.resolve("zz-jdk-26"), "26");
        Files.createSymbolicLink(bin.resolve("java"), onPath.resolve("bin/java"));
        Files.delete(bin.resolve("readlink"));

        assertThat(findJdk(null)).isEqualTo(new Run(0, onPath + "\n", ""));
    }

    @Test
    void thenTheJdksUnderTheJvmDirectory() throws Exception {
        fakeJdk(jvmDir.resolve("java-17-openjdk-amd64"), "17.0.15");
        Path jdk25 = fakeJdk(jvmDir.resolve("zulu-25"), "25");

        assertThat(findJdk(null)).isEqualTo(new Run(0, jdk25 + "\n", ""));
    }

    @Test
    void withoutAJdk25ItSaysWhatToInstall() throws Exception {
        fakeJdk(jvmDir.resolve("java-17-openjdk-amd64"), "17.0.15");

        Run run = findJdk(null);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("find-jdk: no JDK 25 or newer: not in JAVA_HOME (unset), not the java on"
                + " the PATH, not under " + jvmDir, "install one, e.g. Eclipse Temurin 25");
    }

    private Run findJdk(Path javaHome) throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA_HOME", javaHome == null ? null : javaHome.toString());
        environment.put("PATH", bin.toString());
        environment.put("VISTA_JVM_DIR", jvmDir.toString());
        return SetupScripts.run(environment,
                SetupScripts.sourced(SetupScripts.directory().resolve("find-jdk.sh"), "find_jdk").toArray(String[]::new));
    }

    /** A directory that looks like a JDK of this version to the script. */
    private static Path fakeJdk(Path home, String version) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        for (String tool : new String[] {"java", "javac"}) {
            executable(home.resolve("bin").resolve(tool), "exit 1");
        }
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }

    private static void executable(Path file, String shellLine) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + shellLine + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
