package dev.vista.internal.functions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The functions ftrace can hook, from {@code available_filter_functions}: one per line, {@code name}
 * or {@code name [module]}. kprobe-multi attaches only to these; pwru keeps only these.
 */
final class FtraceFunctions {
    private static final Logger log = LoggerFactory.getLogger(FtraceFunctions.class);

    private FtraceFunctions() {
    }

    /**
     * The lines of the first readable file among {@code candidates}, empty when none can be read:
     * tracefs is not mounted, or kernel lockdown refuses the read (EPERM), as on our own machines.
     */
    static Optional<Set<String>> read(List<Path> candidates) {
        var failures = new ArrayList<String>();
        for (Path path : candidates) {
            try {
                var functions = new HashSet<String>();
                for (String line : Files.readAllLines(path, StandardCharsets.ISO_8859_1)) {
                    String key = line.strip();
                    if (!key.isEmpty()) {
                        functions.add(key);
                    }
                }
                log.debug("{} lists {} functions", path, functions.size());
                return Optional.of(functions);
            } catch (IOException e) {
                failures.add(path + ": " + why(e));
            }
        }
        log.debug("cannot read available_filter_functions ({}): functions are checked against kallsyms text symbols only",
                String.join("; ", failures));
        return Optional.empty();
    }

    /** The reason without the path, which the message of a FileSystemException repeats. */
    private static String why(IOException e) {
        if (e instanceof FileSystemException f) {
            return f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
        }
        return e.getMessage();
    }

    /** A function as the file names it: {@code name}, or {@code name [module]} for a module's. */
    static String key(String name, String module) {
        return module == null ? name : name + " [" + module + "]";
    }
}
