package dev.vista.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The {@code vista} command running on a thread of the test, its stdout and stderr gathered. */
final class VistaRun {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CompletableFuture<Integer> exit;

    private VistaRun(String... args) {
        var cli = VistaCommand.commandLine(new StopRequest());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        exit = CompletableFuture.supplyAsync(() -> cli.execute(args));
    }

    static VistaRun start(String... args) {
        return new VistaRun(args);
    }

    /** Waits (at most 30 s) until the header is printed: tracing runs. */
    VistaRun awaitHeader() throws InterruptedException {
        return awaitOutput("FUNC", 30);
    }

    /** Waits (at most {@code seconds}) until stdout holds {@code text}, e.g. a subcommand's header. */
    VistaRun awaitOutput(String text, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!out.toString().contains(text) && !exit.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(out.toString()).as("'%s' once tracing runs; stderr: %s", text, err).contains(text);
        return this;
    }

    /** What was printed on standard error so far. */
    String errorOutput() {
        return err.toString();
    }

    boolean ended() {
        return exit.isDone();
    }

    /** Waits for a successful exit and returns the lines printed after the header (if any). */
    List<String> linesAfterExit(long timeoutSeconds) throws Exception {
        return outputAfterExit(timeoutSeconds).lines().filter(line -> !line.contains("FUNC")).toList();
    }

    /** Waits for a successful exit and returns all of stdout. */
    String outputAfterExit(long timeoutSeconds) throws Exception {
        assertThat(exit.get(timeoutSeconds, TimeUnit.SECONDS)).as("exit code; stderr: %s", err).isZero();
        return out.toString();
    }
}
