package dev.vista.internal.functions;

import dev.vista.internal.cache.ContentKey;
import dev.vista.internal.cache.IndexCache;
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
 * a set of Strings in the interpreter), and only the few thousand candidates are ever looked up. The
 * table can be kept between runs in an {@link IndexCache}: the list changes only when modules come or go.
 * Immutable and thread-safe.
 */
final class FtraceFunctions {
    private static final Logger log = LoggerFactory.getLogger(FtraceFunctions.class);

    // A line of available_filter_functions is a name of 20-30 bytes, with " [module]" after some.
    private static final int AVERAGE_LINE_BYTES = 24;
    /** The {@link IndexCache} kind of the index: line starts, line ends, the hash table, the count. */
    private static final String INDEX = "ftrace-functions";

    private final byte[] text;
    private final int[] lineStarts; // line i is text[lineStarts[i] .. lineEnds[i])
    private final int[] lineEnds;
    private final int[] slots;      // line index + 1; 0 = empty
    private final int size;

    private FtraceFunctions(byte[] text, int[] lineStarts, int[] lineEnds, int[] slots, int size) {
        this.text = text;
        this.lineStarts = lineStarts;
        this.lineEnds = lineEnds;
        this.slots = slots;
        this.size = size;
    }

    /** The list in {@code text}, its index read from {@code cache} when made before, else made and stored there. */
    static FtraceFunctions of(byte[] text, IndexCache cache) {
        ContentKey key = cache.keyOf(text);
        int[][] cached = key == null ? null : cache.load(INDEX, key, 4);
        if (cached != null && fits(cached, text.length)) {
            return new FtraceFunctions(text, cached[0], cached[1], cached[2], cached[3][0]);
        }
        FtraceFunctions made = index(text);
        if (key != null) {
            cache.store(INDEX, key, made.lineStarts, made.lineEnds, made.slots, new int[] {made.size});
        }
        return made;
    }

    /** Whether a cached index can be of a text of {@code textLength} bytes: whole, its lines inside the text. */
    private static boolean fits(int[][] index, int textLength) {
        int[] starts = index[0];
        int[] ends = index[1];
        int lines = starts.length;
        return ends.length == lines && index[3].length == 1 && Integer.bitCount(index[2].length) == 1
                && index[2].length >= 2 * lines && (lines == 0 || ends[lines - 1] <= textLength);
    }

    private static FtraceFunctions index(byte[] text) {
        // One pass over the bytes, hashing each line as it is scanned (a pass for the line count and two hashes
        // per line before: under emulation the interpreter took 1.4 s for the 43k lines of Debian's 6.12).
        int[] starts = new int[Math.max(16, text.length / AVERAGE_LINE_BYTES)];
        int[] ends = new int[starts.length];
        int[] hashes = new int[starts.length];
        int lines = 0;
        for (int at = 0; at < text.length; at++) {
            while (at < text.length && text[at] != '\n' && text[at] <= ' ') { // leading blanks
                at++;
            }
            int start = at;
            int hash = 0;
            for (byte b; at < text.length && (b = text[at]) != '\n'; at++) {
                hash = 31 * hash + b;
            }
            int end = at;
            if (end > start && text[end - 1] <= ' ') { // trailing blanks and \r (rare) are not the name's
                while (text[end - 1] <= ' ') {
                    end--;
                }
                hash = hash(text, start, end);
            }
            if (end > start) {
                if (lines == starts.length) {
                    starts = Arrays.copyOf(starts, 2 * lines);
                    ends = Arrays.copyOf(ends, 2 * lines);
                    hashes = Arrays.copyOf(hashes, 2 * lines);
                }
                starts[lines] = start;
                ends[lines] = end;
                hashes[lines++] = spread(hash);
            }
        }
        int[] slots = new int[Integer.highestOneBit(Math.max(1, lines)) << 2]; // load factor 1/4 to 1/2
        int count = 0;
        for (int line = 0; line < lines; line++) {
            int slot = slotOf(text, starts, ends, slots, text, starts[line], ends[line], hashes[line]);
            if (slots[slot] == 0) { // a name listed twice (static functions in several files) is kept once
                slots[slot] = line + 1;
                count++;
            }
        }
        return new FtraceFunctions(text, Arrays.copyOf(starts, lines), Arrays.copyOf(ends, lines), slots, count);
    }

    /**
     * The list in the first readable file among {@code candidates}, empty when none can be read:
     * tracefs is not mounted, or kernel lockdown refuses the read (EPERM), as on our own machines.
     */
    static Optional<FtraceFunctions> read(List<Path> candidates, IndexCache cache) {
        var failures = new ArrayList<String>();
        for (Path path : candidates) {
            try {
                FtraceFunctions functions = of(Files.readAllBytes(path), cache);
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
        int slot = slotOf(text, lineStarts, lineEnds, slots, bytes, from, to, spread(hash(bytes, from, to)));
        return slots[slot] - 1;
    }

    /**
     * The slot of {@code slots} (over the lines of {@code text} at {@code starts}, {@code ends}) whose line holds
     * {@code bytes[from..to)}, whose spread hash is {@code hash}, or the empty one where it would go.
     */
    private static int slotOf(byte[] text, int[] starts, int[] ends, int[] slots, byte[] bytes, int from, int to,
            int hash) {
        int mask = slots.length - 1;
        int slot = hash & mask;
        for (; slots[slot] != 0; slot = slot + 1 & mask) {
            int line = slots[slot] - 1;
            if (Arrays.equals(text, starts[line], ends[line], bytes, from, to)) {
                return slot;
            }
        }
        return slot;
    }

    private static int hash(byte[] bytes, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + bytes[i];
        }
        return h;
    }

    /** Spreads the low bits the slot mask keeps. */
    private static int spread(int hash) {
        int h = hash * 0x9e3779b9;
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
