package dev.vista.internal.functions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The functions ftrace can hook, from {@code available_filter_functions}: one per line, {@code name}
 * or {@code name [module]}. kprobe-multi attaches only to these; pwru keeps only these.
 *
 * <p>Kept as the file's bytes and a hash table of line positions, not a String per line: the file has
 * 40k-80k lines, start-up reads it before the JIT has compiled anything (five times faster than
 * a set of Strings in the interpreter), and only the few thousand candidates are ever looked up.
 * Immutable and thread-safe.
 */
final class FtraceFunctions {
    private static final Logger log = LoggerFactory.getLogger(FtraceFunctions.class);

    private final byte[] text;
    private final int[] lineStarts; // line i is text[lineStarts[i] .. lineEnds[i])
    private final int[] lineEnds;
    private final int[] slots;      // line index + 1; 0 = empty
    private final int size;

    private FtraceFunctions(byte[] text) {
        this.text = text;
        int lines = 1;
        for (byte b : text) {
            if (b == '\n') {
                lines++;
            }
        }
        lineStarts = new int[lines];
        lineEnds = new int[lines];
        slots = new int[Integer.highestOneBit(lines) << 2]; // load factor 1/4 to 1/2
        int count = 0;
        for (int start = 0; start < text.length; ) {
            int end = start;
            while (end < text.length && text[end] != '\n') {
                end++;
            }
            int next = end + 1;
            while (end > start && text[end - 1] <= ' ') { // trailing blanks and \r
                end--;
            }
            while (start < end && text[start] <= ' ') {
                start++;
            }
            if (end > start && find(text, start, end) < 0) {
                lineStarts[count] = start;
                lineEnds[count] = end;
                slots[emptySlot(hash(text, start, end))] = ++count;
            }
            start = next;
        }
        size = count;
    }

    /**
     * The list in the first readable file among {@code candidates}, empty when none can be read:
     * tracefs is not mounted, or kernel lockdown refuses the read (EPERM), as on our own machines.
     */
    static Optional<FtraceFunctions> read(List<Path> candidates) {
        var failures = new ArrayList<String>();
        for (Path path : candidates) {
            try {
                FtraceFunctions functions = new FtraceFunctions(Files.readAllBytes(path));
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

    /** How many different functions the file lists. */
    int size() {
        return size;
    }

    /** Whether the file lists {@code name} of {@code module} (null for the kernel image). */
    boolean contains(String name, String module) {
        byte[] key = key(name, module).getBytes(StandardCharsets.ISO_8859_1);
        return find(key, 0, key.length) >= 0;
    }

    /** A function as the file names it: {@code name}, or {@code name [module]} for a module's. */
    static String key(String name, String module) {
        return module == null ? name : name + " [" + module + "]";
    }

    /** The line holding the bytes {@code bytes[from..to)}, -1 if none. */
    private int find(byte[] bytes, int from, int to) {
        int mask = slots.length - 1;
        for (int slot = hash(bytes, from, to) & mask; slots[slot] != 0; slot = slot + 1 & mask) {
            int line = slots[slot] - 1;
            if (Arrays.equals(text, lineStarts[line], lineEnds[line], bytes, from, to)) {
                return line;
            }
        }
        return -1;
    }

    private int emptySlot(int hash) {
        int slot = hash & slots.length - 1;
        while (slots[slot] != 0) {
            slot = slot + 1 & slots.length - 1;
        }
        return slot;
    }

    private static int hash(byte[] bytes, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + bytes[i];
        }
        h *= 0x9e3779b9; // spread the low bits the mask keeps
        return h ^ h >>> 16;
    }

    /** The reason without the path, which the message of a FileSystemException repeats. */
    private static String why(IOException e) {
        if (e instanceof FileSystemException f) {
            return f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
        }
        return e.getMessage();
    }
}
