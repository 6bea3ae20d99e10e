package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The map of followed skbs is made at full size only for traces that follow skbs (trackSkb). */
@Tag("kernel")
class TrackedSkbsMapKernelTest {
    private static final Pattern MAX_ENTRIES = Pattern.compile("max_entries (\\d+)");
    private Tracer tracer;

    @AfterEach
    void closeTracer() throws Exception {
        OurBpfPrograms.closeExpectingNoneLeft(tracer);
    }

    @ParameterizedTest
    @CsvSource({"false, 1", "true, 16384"})
    void itsSizeFollowsTrackSkb(boolean trackSkb, int entries) throws Exception {
        tracer = Tracer.builder().traceSkb().filterTrackSkb(trackSkb).onEvent(event -> { }).start();

        assertThat(trackedSkbsMaxEntries()).isEqualTo(entries);
    }

    /** bpftool's max_entries of the one map named tracked_skbs (the tracer's). */
    private static int trackedSkbsMaxEntries() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bpftool", "map", "show", "name", "tracked_skbs").redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as("bpftool: " + out).isTrue();
        Matcher entries = MAX_ENTRIES.matcher(out);
        assertThat(entries.find()).as("a tracked_skbs map in: " + out).isTrue();
        int found = Integer.parseInt(entries.group(1));
        assertThat(entries.find()).as("one tracked_skbs map only: " + out).isFalse();
        return found;
    }
}
