package dev.vista;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A separate JVM that starts a tracer, for what cannot happen inside the test JVM: being killed
 * with SIGKILL, or running without privileges. It prints READY once tracing, or the exception.
 */
public final class ChildTracer {
    static final String READY = "READY";

    public static void main(String[] args) throws Exception {
        try (Tracer tracer = Tracer.builder().traceSkb().onEvent(event -> { }).start()) {
            System.out.println(READY + " " + tracer.tracepoints().size());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        } catch (VistaException e) {
            System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Starts this class in a new JVM with the test's class path, behind {@code prefix} (e.g. setpriv). */
    static Process launch(String... prefix) throws IOException {
        List<String> command = new ArrayList<>(List.of(prefix));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                ChildTracer.class.getName()));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** The child's first line that is not a log line. */
    static String firstOutputLine(Process child) throws IOException {
        var reader = child.inputReader(StandardCharsets.UTF_8);
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (!line.startsWith("[")) {
                return line;
            }
        }
        return "(the child ended without output)";
    }
}
