package dev.vista;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A separate JVM that starts a tracer, for what cannot happen inside the test JVM: being killed
 * with SIGKILL or SIGTERM, or running without privileges. It prints READY once tracing, or the
 * exception. With {@link #BLOCK_IN_CALLBACK} it traces drops to UDP port {@link #BLOCKING_PORT} and
 * its callback, at the first, prints IN_CALLBACK and blocks for ever.
 */
public final class ChildTracer {
    static final String READY = "READY";
    static final String BLOCK_IN_CALLBACK = "--block-in-callback";
    static final String IN_CALLBACK = "IN_CALLBACK";
    static final int BLOCKING_PORT = 47981;

    public static void main(String[] args) throws Exception {
        TracerBuilder builder = Tracer.builder().traceSkb().onEvent(event -> { });
        if (args.length > 0 && args[0].equals(BLOCK_IN_CALLBACK)) {
            builder.filterProtocol(Protocol.UDP).filterPort(BLOCKING_PORT).onEvent(event -> blockForEver());
        }
        try (Tracer tracer = builder.start()) {
            System.out.println(READY + " " + tracer.tracepoints().size());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        } catch (VistaException e) {
            System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static void blockForEver() {
        System.out.println(IN_CALLBACK);
        System.out.flush();
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts this class in a new JVM with the test's class path, behind {@code prefix} (e.g. setpriv). */
    static Process launch(String... prefix) throws IOException {
        return launch(List.of(prefix), List.of());
    }

    /** Starts this class in a new JVM, behind {@code prefix}, with {@code args}. */
    static Process launch(List<String> prefix, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                ChildTracer.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** The child's next line (not read yet) that is not a log line. */
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
