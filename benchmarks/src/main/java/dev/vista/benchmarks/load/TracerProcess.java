package dev.vista.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A tracer run as its own process, printing events to a file: started, watched through /proc while the
 * flood runs, stopped by a signal. Subclasses say how to run it and how to read what it wrote.
 */
abstract class TracerProcess implements TracerUnderTest {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    protected final Path output;
    protected final Path stderr;
    private Process process;
    private long peakRss = -1;

    TracerProcess(Path directory, String fileName) {
        this.output = directory.resolve(fileName + ".out");
        this.stderr = directory.resolve(fileName + ".err");
    }

    protected abstract List<String> command();

    /** The signal that makes the tracer stop, flush and print its counts (kill's name for it). */
    protected abstract String stopSignal();

    /** Reads the files once the process has ended. */
    protected abstract Outcome outcome(int exitCode, long peakRssBytes) throws IOException;

    @Override
    public void start() throws Exception {
        Files.deleteIfExists(output);
        process = new ProcessBuilder(command()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile()).start();
        // Both tracers write their first line (header, "Attaching N probes...") once attached.
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(output) || Files.size(output) == 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name() + " exited with " + process.exitValue() + " before it was "
                        + "attached: " + Files.readString(stderr));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(name() + " did not start within " + START_TIMEOUT);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public long progress() {
        try {
            return Files.size(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long cpuNanos() {
        return ProcStats.cpuNanos(ProcStats.processStat(process.pid()));
    }

    @Override
    public void abort() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Override
    public Outcome stop() throws Exception {
        peakRss = ProcStats.peakRssBytes(process.pid());
        new ProcessBuilder("kill", "-" + stopSignal(), Long.toString(process.pid())).inheritIO().start().waitFor();
        int exitCode = process.waitFor();
        return outcome(exitCode, peakRss);
    }
}
