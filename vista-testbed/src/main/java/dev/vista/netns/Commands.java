package dev.vista.netns;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs external programs and collects their output. */
final class Commands {
    private static final Logger log = LoggerFactory.getLogger(Commands.class);
    // Long enough for anything a test bed runs; a hung command must not hang the build.
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ProcessBuilder.Redirect NO_INPUT = ProcessBuilder.Redirect.from(new File("/dev/null"));

    private Commands() {
    }

    /** Runs {@code command} to completion; a command still running after the timeout is killed. */
    static CommandResult run(List<String> command) {
        log.debug("running {}", CommandException.commandLine(command));
        Process process;
        try {
            // stdin from /dev/null: nothing run here reads input, and none may wait for it
            process = new ProcessBuilder(command).redirectInput(NO_INPUT).start();
        } catch (IOException e) {
            throw CommandException.notStarted(command, e);
        }
        // Both pipes are drained at once so that a full stderr pipe cannot block the program.
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> stdout = readers.submit(() -> read(process.getInputStream()));
            Future<String> stderr = readers.submit(() -> read(process.getErrorStream()));
            boolean finished = process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor();
            }
            String errors = stderr.get() + (finished ? "" : "\n(killed: still running after " + TIMEOUT.toSeconds() + " s)");
            return new CommandResult(command, process.exitValue(), stdout.get(), errors);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new TestbedException("interrupted while running " + CommandException.commandLine(command), e);
        } catch (ExecutionException e) {
            throw new TestbedException("cannot read the output of " + CommandException.commandLine(command),
                    e.getCause());
        }
    }

    /** Convenience for {@code run(List.of(command)).orThrow()}. */
    static CommandResult check(String... command) {
        return run(List.of(command)).orThrow();
    }

    private static String read(InputStream stream) throws IOException {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
