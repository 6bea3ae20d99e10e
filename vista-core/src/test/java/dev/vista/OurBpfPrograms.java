package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The kernel's own listing of loaded BPF programs (bpftool), narrowed to ours (named vista_*). */
final class OurBpfPrograms {
    private OurBpfPrograms() {
    }

    static List<String> loaded() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bpftool", "prog", "show").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("bpftool prog show failed: " + out);
        }
        return out.lines().filter(line -> line.contains(" name vista_")).toList();
    }

    /** Closes a test's tracer (null if it never started) and checks that none of our programs stays loaded. */
    static void closeExpectingNoneLeft(Tracer tracer) throws IOException, InterruptedException {
        if (tracer != null) {
            tracer.close();
        }
        assertThat(awaitNone()).as("BPF programs left after close()").isEmpty();
    }

    /** Waits (bounded) until none of ours is loaded: the kernel frees programs asynchronously. */
    static List<String> awaitNone() throws IOException, InterruptedException {
        return awaitNone(line -> true);
    }

    /** Waits (bounded) until none of ours that {@code which} selects (by bpftool's line) is loaded. */
    static List<String> awaitNone(Predicate<String> which) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> left = loaded().stream().filter(which).toList();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = loaded().stream().filter(which).toList();
        }
        return left;
    }
}
