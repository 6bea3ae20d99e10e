package dev.vista.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what a tracer process wrote: its event lines, and the counts it reported itself. */
final class TracerOutput {
    // bpftrace, when its perf buffer was full: "Lost 123 events"
    private static final Pattern BPFTRACE_LOST = Pattern.compile("Lost (\\d+) events");
    // vista's marker where the ring lost events: "--- 1234 events lost on CPU 1 ---"
    private static final Pattern VISTA_LOSS_MARKER = Pattern.compile("^--- (\\d+) events? lost .*---$");
    // vista's summary on stderr: "summary: 123 events, 4 lost"
    private static final Pattern VISTA_SUMMARY = Pattern.compile("^summary: (\\d+) events, (\\d+) lost", Pattern.MULTILINE);

    private TracerOutput() {
    }

    /**
     * One pass over a tracer's output file.
     *
     * @param eventPrefix how event lines start ("0x" for bpftrace's), or "" to take every line but the first
     *                    (vista's header)
     */
    static Scan scan(Path file, String eventPrefix) {
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            return scan(lines, eventPrefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Scan scan(BufferedReader lines, String eventPrefix) throws IOException {
        long events = 0;
        long lost = 0;
        boolean first = true;
        for (String line; (line = lines.readLine()) != null; first = false) {
            Matcher marker = VISTA_LOSS_MARKER.matcher(line);
            if (marker.matches()) {
                lost += Long.parseLong(marker.group(1)); // vista's loss marker is no event
            } else if (eventPrefix.isEmpty() ? !first : line.startsWith(eventPrefix)) {
                events++;
            } else {
                lost += bpftraceLost(line);
            }
        }
        return new Scan(events, lost);
    }

    /** The sum of bpftrace's "Lost N events" messages in {@code text}. */
    static long bpftraceLost(CharSequence text) {
        Matcher lost = BPFTRACE_LOST.matcher(text);
        long sum = 0;
        while (lost.find()) {
            sum += Long.parseLong(lost.group(1));
        }
        return sum;
    }

    /** Delivered and lost events from vista's closing summary. */
    static Counts vistaSummary(CharSequence stderr) {
        Matcher summary = VISTA_SUMMARY.matcher(stderr);
        if (!summary.find()) {
            throw new IllegalStateException("vista printed no summary line on stderr:\n" + stderr);
        }
        return new Counts(Long.parseLong(summary.group(1)), Long.parseLong(summary.group(2)));
    }

    /**
     * @param events event lines
     * @param lost   the sum of "Lost N events" lines among the others
     */
    record Scan(long events, long lost) {
    }

    record Counts(long delivered, long lost) {
    }
}
