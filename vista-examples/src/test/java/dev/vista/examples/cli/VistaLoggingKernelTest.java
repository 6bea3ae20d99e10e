package dev.vista.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code vista -v} in a JVM of its own, as users start it: the kernel is prepared on another thread while the
 * command line is parsed, and slf4j must still start after {@code -v} set its level, once.
 */
@Tag("kernel")
class VistaLoggingKernelTest {
    @Test
    void verboseLogsAtDebugLevelAndSlf4jStartsOnce() throws Exception {
        Process vista = VistaProcess.of("-v", "--filter-protocol", "icmp", "--output-limit-lines", "1")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(vista.getErrorStream()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!vista.waitFor(300, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
            new ProcessBuilder("ping", "-c", "1", "-W", "1", "127.0.0.1").start().waitFor();
        }
        vista.destroyForcibly();

        assertThat(vista.exitValue()).as("exit code; stderr: %s", err.get()).isZero();
        assertThat(err.get()).contains("DEBUG parsed the kernel's BTF").contains("Listening for events")
                .doesNotContain("SLF4J");
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
