package dev.vista.examples.setup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the repository's set-up scripts (scripts/) the way ./vista and ./run-tests do. */
final class SetupScripts {
    private SetupScripts() {
    }

    /** What a script printed, and how it ended. */
    record Run(int exitCode, String stdout, String stderr) {
    }

    /** The repository's scripts/ directory: the tests run in a module directory below it. */
    static Path directory() {
        Path scripts = Path.of("").toAbsolutePath().getParent().resolve("scripts");
        if (!Files.isRegularFile(scripts.resolve("ensure-deps.sh"))) {
            throw new IllegalStateException("no scripts/ensure-deps.sh above " + Path.of("").toAbsolutePath());
        }
        return scripts;
    }

    /** Runs {@code command} with {@code environment} added to (or, for null values, removed from) ours. */
    static Run run(Map<String, String> environment, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Path stderr = Files.createTempFile("vista-setup-", ".err");
        try {
            Process process = builder.redirectError(stderr.toFile()).start();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within 5 minutes");
            }
            return new Run(process.exitValue(), stdout, Files.readString(stderr));
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    static Run run(String... command) throws IOException, InterruptedException {
        return run(Map.of(), command);
    }

    /** Whether dpkg lists the package as installed. */
    static boolean installed(String debianPackage) throws IOException, InterruptedException {
        Run query = run("dpkg-query", "-W", "-f=${Status}", debianPackage);
        return query.exitCode() == 0 && query.stdout().equals("install ok installed");
    }

    /** {@code bash -c "source FILE; CODE"}: a function of a sourced script. */
    static List<String> sourced(Path script, String code) {
        return new ArrayList<>(List.of("/bin/bash", "-c", "source " + script + " && " + code));
    }
}
