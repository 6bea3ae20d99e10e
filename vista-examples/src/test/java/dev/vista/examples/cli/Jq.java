package dev.vista.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

/** jq, the tool users read our JSON Lines with, run over a test's output. */
final class Jq {
    private Jq() {
    }

    /** jq's output for {@code filter} over {@code input}; jq must exit 0 (valid JSON, a valid filter). */
    static String run(String filter, String input) throws Exception {
        Process jq = new ProcessBuilder("jq", "-r", filter).redirectErrorStream(true).start();
        try (var stdin = jq.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(jq.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jq.waitFor()).as("jq exit status, output: %s", output).isZero();
        return output;
    }
}
