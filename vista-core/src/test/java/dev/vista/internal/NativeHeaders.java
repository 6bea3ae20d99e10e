package dev.vista.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Asks gcc what the real C headers say: compiles a tiny program that prints {@code key=value}
 * lines (sizeof / offsetof) and returns them, so hand-written layouts can be checked.
 */
public final class NativeHeaders {
    private NativeHeaders() {
    }

    /** Copies vista-bpf's headers from the class path into {@code dir} so gcc can include them. */
    public static void copyBpfHeaders(Path dir) throws IOException {
        for (String header : new String[] {"vista_event.h", "vista_tracepoints.h"}) {
            try (InputStream in = NativeHeaders.class.getResourceAsStream("/dev/vista/bpf/" + header)) {
                if (in == null) {
                    throw new IllegalStateException(header + " is not on the class path: build vista-bpf first");
                }
                Files.copy(in, dir.resolve(header));
            }
        }
    }

    /** Compiles and runs {@code program} (C source) in {@code dir}; returns its printed key=value pairs. */
    public static Map<String, Long> run(Path dir, String program) throws IOException, InterruptedException {
        Path source = dir.resolve("layout.c");
        Path binary = dir.resolve("layout");
        Files.writeString(source, program);
        String out = exec(dir, "gcc", "-I" + dir, "-o", binary.toString(), source.toString());
        out = exec(dir, binary.toString());
        Map<String, Long> values = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).trim(), Long.parseLong(line.substring(eq + 1).trim()));
            }
        }
        return values;
    }

    private static String exec(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }
}
