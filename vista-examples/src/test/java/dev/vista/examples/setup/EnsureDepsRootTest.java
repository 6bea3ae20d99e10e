package dev.vista.examples.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.examples.setup.SetupScripts.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * scripts/ensure-deps.sh for real, as ./vista and ./run-tests run it on a fresh machine: it installs what
 * is missing (apt), changes nothing the second time, and says exactly what failed. Needs root and the
 * machine's apt sources.
 */
@Tag("root")
class EnsureDepsRootTest {
    /** GNU Hello: tiny, no dependencies beyond libc, and nothing of ours needs it. */
    private static final String SMALL_PACKAGE = "hello";

    private final Path script = SetupScripts.directory().resolve("ensure-deps.sh");

    @Test
    void installsAMissingPackageOnceAndNamesIt() throws Exception {
        boolean wasInstalled = SetupScripts.installed(SMALL_PACKAGE);
        if (wasInstalled) {
            assertThat(SetupScripts.run("apt-get", "remove", "-y", "-qq", SMALL_PACKAGE).exitCode()).isZero();
        }
        try {
            Run first = SetupScripts.run("bash", script.toString(), "--packages", "iproute2", SMALL_PACKAGE);
            assertThat(first.exitCode()).as("first run, stderr:\n%s", first.stderr()).isZero();
            assertThat(first.stderr()).contains("ensure-deps: installing " + SMALL_PACKAGE + "\n");
            assertThat(SetupScripts.installed(SMALL_PACKAGE)).isTrue();

            Run second = SetupScripts.run("bash", script.toString(), "--packages", "iproute2", SMALL_PACKAGE);
            assertThat(second).as("nothing is missing the second time").isEqualTo(new Run(0, "", ""));
        } finally {
            if (!wasInstalled) {
                SetupScripts.run("apt-get", "remove", "-y", "-qq", SMALL_PACKAGE);
            }
        }
        assertThat(SetupScripts.installed(SMALL_PACKAGE)).isEqualTo(wasInstalled);
    }

    /** ./vista's way: a check is skipped while dpkg has changed nothing since the last complete one. */
    @Test
    void withAStampItChecksOnlyWhenDpkgChangedSomethingSince() throws Exception {
        boolean wasInstalled = SetupScripts.installed(SMALL_PACKAGE);
        if (wasInstalled) {
            assertThat(SetupScripts.run("apt-get", "remove", "-y", "-qq", SMALL_PACKAGE).exitCode()).isZero();
        }
        Path stamp = Files.createTempFile("vista-ensure-deps-", ".checked");
        try {
            Files.setLastModifiedTime(stamp, FileTime.from(Instant.now().plus(Duration.ofHours(1))));
            Run skipped = SetupScripts.run("bash", script.toString(), "--stamp", stamp.toString(), "--packages",
                    SMALL_PACKAGE);
            assertThat(skipped).isEqualTo(new Run(0, "", ""));
            assertThat(SetupScripts.installed(SMALL_PACKAGE)).as("not checked, so not installed").isFalse();

            // Older than any change dpkg made: the packages are checked.
            FileTime longAgo = FileTime.from(Instant.EPOCH);
            Files.setLastModifiedTime(stamp, longAgo);
            Run checked = SetupScripts.run("bash", script.toString(), "--stamp", stamp.toString(), "--packages",
                    SMALL_PACKAGE);
            assertThat(checked.exitCode()).as("stderr:\n%s", checked.stderr()).isZero();
            assertThat(checked.stderr()).contains("ensure-deps: installing " + SMALL_PACKAGE + "\n");
            assertThat(SetupScripts.installed(SMALL_PACKAGE)).isTrue();
            assertThat(Files.getLastModifiedTime(stamp)).as("touched after the check").isGreaterThan(longAgo);
        } finally {
            Files.delete(stamp);
            if (!wasInstalled) {
                SetupScripts.run("apt-get", "remove", "-y", "-qq", SMALL_PACKAGE);
            }
        }
        assertThat(SetupScripts.installed(SMALL_PACKAGE)).isEqualTo(wasInstalled);
    }

    @Test
    void anUnknownPackageFailsNamingIt() throws Exception {
        Run run = SetupScripts.run("bash", script.toString(), "--packages", "iproute2", "vista-no-such-package");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("ensure-deps: apt knows no package named 'vista-no-such-package'");
    }

    @Test
    void withoutRootItFailsBeforeInstallingAnything() throws Exception {
        // A copy nobody can read: the repository may sit under root's home.
        Path dir = Files.createTempDirectory("vista-ensure-deps-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path copy = Files.copy(script, dir.resolve("ensure-deps.sh"));
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
            Run run = SetupScripts.run("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "bash", copy.toString(), "--packages", "iproute2", "vista-no-such-package");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.stderr()).isEqualTo("ensure-deps: missing packages: vista-no-such-package; installing them"
                    + " needs root (run this command as root, or install them first)\n");
        } finally {
            Files.delete(copy);
            Files.delete(dir);
        }
    }

    @Test
    void anUnknownPurposeIsRefused() throws Exception {
        Run run = SetupScripts.run("bash", script.toString(), "run", "deploy");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).isEqualTo("ensure-deps: unknown purpose 'deploy' (run, build, test or bench)\n");
    }

    /**
     * The programs the CLI and its demo start (the demo's test bed: ip, iptables, ping; a trace of netfilter
     * verdicts: nft) come from packages the run purpose installs: a fresh machine lacked nftables once, and the
     * demo's verdicts found no table.
     */
    @Test
    void runningTheToolInstallsThePackageOfEveryProgramItStarts() throws Exception {
        Run run = SetupScripts.run(SetupScripts.sourced(script, "packages_for run && echo \"${PACKAGES[*]}\"")
                .toArray(String[]::new));
        List<String> runPackages = List.of(run.stdout().strip().split(" "));

        for (String program : List.of("ip", "iptables", "ping", "nft")) {
            // iptables is a link of Debian's alternatives, and with /usr merged a package may list /usr/bin/ip as
            // /bin/ip: dpkg knows the file the link resolves to, under one of its two names.
            Run owner = SetupScripts.run("bash", "-c", "file=$(realpath \"$(command -v " + program + ")\") && "
                    + "{ dpkg-query -S \"$file\" || dpkg-query -S \"${file#/usr}\"; }");
            assertThat(owner.exitCode()).as("dpkg-query -S for %s: %s", program, owner.stderr()).isZero();
            String ownerPackage = owner.stdout().substring(0, owner.stdout().indexOf(':'));
            assertThat(runPackages).as("the package of %s", program).contains(ownerPackage);
        }
    }

    @Test
    void runningTheToolNeedsNeitherTheBuildNorTheBenchmarkPackages() throws Exception {
        Run run = SetupScripts.run(SetupScripts.sourced(script, "packages_for run && echo \"${PACKAGES[*]}\"")
                .toArray(String[]::new));

        assertThat(run.stdout().strip().split(" ")).contains("libbpf1", "libpcap0.8")
                .doesNotContain("bpftrace", "clang-19", "libbpf-dev");
    }
}
