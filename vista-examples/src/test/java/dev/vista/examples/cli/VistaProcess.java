package dev.vista.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code vista} command in a JVM of its own, on the test's JDK and class path. */
final class VistaProcess {
    private VistaProcess() {
    }

    /** The command with these arguments. */
    static ProcessBuilder of(String... args) {
        return withJvmOptions(List.of(), args);
    }

    /** The command with these JVM options (before the class path) and arguments. */
    static ProcessBuilder withJvmOptions(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                VistaCommand.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }
}
