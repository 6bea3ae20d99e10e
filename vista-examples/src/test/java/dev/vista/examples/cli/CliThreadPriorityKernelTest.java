package dev.vista.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * As root (the kernel tests' user), with the options ./vista gives the JVM as root: the JIT's C2 threads and the
 * tracer's poller run at nice -5 when the CLI listens.
 */
@Tag("kernel")
class CliThreadPriorityKernelTest {
    @Test
    void theCliListensWithItsC2ThreadsAndPollerAtThePriorityTheLauncherGave() throws Exception {
        Process vista = VistaProcess.withJvmOptions(List.of("-XX:ThreadPriorityPolicy=1",
                "-XX:CompilerThreadPriority=-5")).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(vista.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            do {
                line = err.readLine();
            } while (line != null && !line.contains("Listening for events"));
            assertThat(line).as("the CLI's log up to \"Listening\"").isNotNull();

            assertThat(c2Nice(vista.pid())).isNotEmpty().allSatisfy((tid, nice) -> assertThat(nice).isEqualTo(-5));
            // The poller at Java's highest priority, which these options make nice -5: it keeps the CPU under a flood.
            assertThat(niceOfThreads(vista.pid(), "vista-poller")).hasSize(1).containsValue(-5);
        } finally {
            vista.destroy();
            vista.waitFor();
        }
    }

    /** Each C2 compiler thread of a process, by thread id, with its nice value. */
    private static Map<Integer, Integer> c2Nice(long pid) {
        return niceOfThreads(pid, "C2 CompilerThre");
    }

    /** Each thread of a process whose name starts with {@code name}, by thread id, with its nice value. */
    private static Map<Integer, Integer> niceOfThreads(long pid, String name) {
        Map<Integer, Integer> nice = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                if (Files.readString(task.resolve("comm")).startsWith(name)) {
                    nice.put(Integer.parseInt(task.getFileName().toString()),
                            nice(Files.readString(task.resolve("stat"))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return nice;
    }

    /** The nice value in a /proc/TID/stat line: the 17th field after the command's closing parenthesis. */
    private static int nice(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }
}
