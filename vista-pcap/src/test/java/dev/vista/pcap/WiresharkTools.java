package dev.vista.pcap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Wireshark's command-line tools, the readers our users have: pcapng files are checked with them, not
 * with a reader of our own. Debian's {@code tshark} package brings both (scripts/ensure-deps.sh test).
 */
public final class WiresharkTools {
    private WiresharkTools() {
    }

    /** What a tool printed on stdout and on stderr, and its exit status. */
    public record Result(int exitStatus, String output, String errors) {
    }

    /** {@code capinfos -M FILE}: the file's summary (exact numbers, not rounded). */
    public static Result capinfos(Path file) throws IOException, InterruptedException {
        return run("capinfos", "-M", file.toString());
    }

    /**
     * {@code tshark -r FILE -T fields -e F1 -e F2 ...}: one row per packet, the fields split at tabs
     * (a field the packet lacks is an empty string). Fails when tshark reports an error.
     */
    public static List<List<String>> fields(Path file, String... fields) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", file.toString(), "-T", "fields",
                "-E", "occurrence=a", "-E", "aggregator=|"));
        for (String field : fields) {
            command.add("-e");
            command.add(field);
        }
        Result result = run(command.toArray(String[]::new));
        if (result.exitStatus() != 0) {
            throw new AssertionError("tshark could not read " + file + " (exit " + result.exitStatus() + "): "
                    + result.errors());
        }
        List<List<String>> rows = new ArrayList<>();
        for (String line : result.output().split("\n")) {
            if (!line.isEmpty()) {
                rows.add(List.of(line.split("\t", -1)));
            }
        }
        return rows;
    }

    /** Runs a tool; a tool that is not installed fails the test saying how to get it. */
    public static Result run(String... command) throws IOException, InterruptedException {
        Path errors = Files.createTempFile("vista-tool", ".stderr");
        try {
            return run(errors, command);
        } finally {
            Files.delete(errors);
        }
    }

    private static Result run(Path errors, String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is not installed: the pcapng tests read captures with Wireshark's "
                    + "tools; install Debian's tshark package (scripts/ensure-deps.sh test)", e);
        }
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8), Files.readString(errors));
    }
}
