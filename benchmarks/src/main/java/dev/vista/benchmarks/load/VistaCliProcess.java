package dev.vista.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Our CLI as users run it, through the {@code ./vista} launcher (its JVM options included): every skb
 * tracepoint, meta and tuple, printed to a file.
 */
final class VistaCliProcess extends TracerProcess {
    private final Path launcher;

    VistaCliProcess(Path launcher, Path directory) {
        super(directory, "vista");
        this.launcher = launcher;
    }

    @Override
    public String name() {
        return "vista CLI";
    }

    @Override
    protected List<String> command() {
        return List.of(launcher.toString(), "--output-meta", "--output-tuple", "--output-file", output.toString());
    }

    @Override
    protected String stopSignal() {
        return "TERM";
    }

    @Override
    protected Outcome outcome(int exitCode, long peakRssBytes) throws IOException {
        String errors = Files.readString(stderr);
        TracerOutput.Counts summary = TracerOutput.vistaSummary(errors);
        long printed = TracerOutput.scan(output, "").events();
        Files.delete(output);
        String note = printed == summary.delivered() ? ""
                : "printed " + printed + " lines but counted " + summary.delivered() + " events";
        return new Outcome(printed, summary.lost(), peakRssBytes, note);
    }
}
