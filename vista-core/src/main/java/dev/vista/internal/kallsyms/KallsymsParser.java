package dev.vista.internal.kallsyms;

import dev.vista.VistaException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a kallsyms file ({@code ffffffff82055260 T ip_rcv} or
 * {@code ffffffffc0a01000 t nft_do_chain\t[nf_tables]} per line) into a {@link KernelSymbols}.
 * Works on bytes, not on a String per line: the file has 100k-300k lines. It is read in chunks into the
 * columns KernelSymbols keeps, not as a whole: {@code /proc/kallsyms} reports no size, so reading it whole
 * grows a buffer by copies (about 30 MB allocated for a 5 MB file), which start-up paid in GC pauses and
 * the heap's peak.
 */
final class KallsymsParser {
    private static final int CHUNK_BYTES = 64 * 1024;
    // Sized for a typical kernel (about 120k lines, 3 MB of names); more grows the columns.
    private static final int INITIAL_LINES = 1 << 17;
    private static final int INITIAL_NAME_BYTES = 4 << 20;
    // Each byte's value as a hex digit, -1 if it is none: a load, not a call and compares, per digit (16 per line).
    private static final byte[] HEX_DIGITS = new byte[256];

    static {
        Arrays.fill(HEX_DIGITS, (byte) -1);
        for (int digit = 0; digit < 16; digit++) {
            HEX_DIGITS[Character.forDigit(digit, 16)] = (byte) digit;
            HEX_DIGITS[Character.toUpperCase(Character.forDigit(digit, 16))] = (byte) digit;
        }
    }

    private final String source;
    private final byte[] chunk = new byte[CHUNK_BYTES + 1]; // + 1: a newline after a last line without one

    // One entry per line, in file order; name i is names[nameOffsets[i] .. nameOffsets[i + 1]).
    private long[] addresses = new long[INITIAL_LINES];
    private byte[] types = new byte[INITIAL_LINES];
    private int[] moduleIds = new int[INITIAL_LINES];
    private int[] nameOffsets = new int[INITIAL_LINES + 1];
    private byte[] names = new byte[INITIAL_NAME_BYTES];
    private int nameBytes;
    private final List<String> modules = new ArrayList<>(List.of(""));
    private int count;
    private int lineNumber;

    // The name of the previous module line's module (none yet) and its id: a module's lines are consecutive,
    // so this avoids a lookup per line.
    private byte[] lastModule = new byte[0];
    private int lastModuleId;

    private KallsymsParser(String source) {
        this.source = source;
    }

    /** Parses a whole kallsyms file; {@code source} names it in error messages. */
    static KernelSymbols parse(InputStream in, String source) throws IOException {
        KallsymsParser parser = new KallsymsParser(source);
        parser.parseChunks(in);
        return parser.sortedByAddress();
    }

    /**
     * Parses the complete lines of each chunk; a line cut by the chunk's end moves to the next chunk's start.
     * Each line is read once, front to back: start-up reads the file before the JIT has compiled the loops,
     * and the interpreter pays per byte visited (a search for the line's end first visited each byte twice).
     */
    private void parseChunks(InputStream in) throws IOException {
        int filled = 0;
        int read;
        while ((read = in.read(chunk, filled, CHUNK_BYTES - filled)) >= 0) {
            filled += read;
            int lineStart = 0;
            int next;
            while ((next = parseLine(lineStart, filled)) >= 0) {
                lineStart = next;
            }
            if (lineStart == 0 && filled == CHUNK_BYTES) {
                throw malformed(0, Math.min(filled, 200));
            }
            System.arraycopy(chunk, lineStart, chunk, 0, filled - lineStart);
            filled -= lineStart;
        }
        if (filled > 0) {
            chunk[filled] = '\n'; // the last line has no newline (the chunk has room: a full one was refused)
            parseLine(0, filled + 1);
        }
    }

    /**
     * Parses the line at {@code start} ("<hex> <type> <name>" and maybe "\t[module]"), returning where the next
     * one starts, or -1 if no newline ends it before {@code limit}: nothing of it is kept then.
     */
    private int parseLine(int start, int limit) {
        int i = start;
        long address = 0;
        int digit;
        while (i < limit && (digit = HEX_DIGITS[chunk[i] & 0xff]) >= 0) {
            address = address << 4 | digit;
            i++;
        }
        if (i == start && i < limit && chunk[i] == '\n') {
            lineNumber++;
            return i + 1;
        }
        // The type is one byte between two spaces.
        if (i + 3 > limit || i == start || chunk[i] != ' ' || chunk[i + 1] == '\n' || chunk[i + 2] != ' ') {
            return malformedUnlessCut(start, limit);
        }
        byte type = chunk[i + 1];
        int nameStart = i + 3;
        int nameEnd = nameStart;
        while (nameEnd < limit && chunk[nameEnd] != '\n' && chunk[nameEnd] != '\t') {
            nameEnd++;
        }
        int end = nameEnd;
        while (end < limit && chunk[end] != '\n') {
            end++;
        }
        if (end == limit) {
            return -1;
        }
        int moduleId = nameEnd == end ? 0 : moduleId(nameEnd + 1, end);
        if (nameEnd == nameStart || moduleId < 0) {
            throw malformed(start, end);
        }
        if (count == addresses.length) {
            growLines();
        }
        addresses[count] = address;
        types[count] = type;
        moduleIds[count] = moduleId;
        appendName(nameStart, nameEnd);
        count++;
        lineNumber++;
        return end + 1;
    }

    /** A line that breaks the format: malformed if it ends before {@code limit}, else -1 (the rest is to come). */
    private int malformedUnlessCut(int start, int limit) {
        int end = indexOf((byte) '\n', start, limit);
        if (end < 0) {
            return -1;
        }
        throw malformed(start, end);
    }

    private void appendName(int start, int end) {
        int length = end - start;
        if (nameBytes + length > names.length) {
            names = Arrays.copyOf(names, Math.max(nameBytes + length, names.length + (names.length >> 1)));
        }
        System.arraycopy(chunk, start, names, nameBytes, length);
        nameOffsets[count] = nameBytes;
        nameBytes += length;
    }

    private void growLines() {
        int lines = addresses.length + (addresses.length >> 1);
        addresses = Arrays.copyOf(addresses, lines);
        types = Arrays.copyOf(types, lines);
        moduleIds = Arrays.copyOf(moduleIds, lines);
        nameOffsets = Arrays.copyOf(nameOffsets, lines + 1);
    }

    /** The id of the module named in {@code [name]} between start and end, -1 if it is not bracketed. */
    private int moduleId(int start, int end) {
        if (end - start < 3 || chunk[start] != '[' || chunk[end - 1] != ']') {
            return -1;
        }
        int nameStart = start + 1;
        int nameEnd = end - 1;
        if (!Arrays.equals(chunk, nameStart, nameEnd, lastModule, 0, lastModule.length)) {
            lastModule = Arrays.copyOfRange(chunk, nameStart, nameEnd);
            String name = new String(lastModule, StandardCharsets.UTF_8);
            int id = modules.indexOf(name);
            if (id < 0) {
                id = modules.size();
                modules.add(name);
            }
            lastModuleId = id;
        }
        return lastModuleId;
    }

    /**
     * The columns of the lines read; if the file was not in address order (the kernel writes it so,
     * but other files need not be), reordered by address (stable, so aliases keep file order).
     */
    private KernelSymbols sortedByAddress() {
        nameOffsets[count] = nameBytes;
        boolean inOrder = true;
        for (int i = 1; i < count && inOrder; i++) {
            // Kernel addresses have the top bit set: compare them unsigned.
            inOrder = Long.compareUnsigned(addresses[i - 1], addresses[i]) <= 0;
        }
        String[] moduleNames = modules.toArray(String[]::new);
        moduleNames[0] = null; // id 0: the kernel image itself
        if (inOrder) {
            // The columns as they are: trimming them would copy 5 MB to save the unused end of each.
            return new KernelSymbols(count, addresses, types, nameOffsets, names, moduleIds, moduleNames);
        }
        int[] order = addressOrder();
        long[] sortedAddresses = new long[count];
        byte[] sortedTypes = new byte[count];
        int[] sortedModules = new int[count];
        int[] sortedNameOffsets = new int[count + 1];
        byte[] sortedNames = new byte[nameBytes];
        int offset = 0;
        for (int i = 0; i < count; i++) {
            int line = order[i];
            sortedAddresses[i] = addresses[line];
            sortedTypes[i] = types[line];
            sortedModules[i] = moduleIds[line];
            int length = nameOffsets[line + 1] - nameOffsets[line];
            System.arraycopy(names, nameOffsets[line], sortedNames, offset, length);
            sortedNameOffsets[i] = offset;
            offset += length;
        }
        sortedNameOffsets[count] = offset;
        return new KernelSymbols(count, sortedAddresses, sortedTypes, sortedNameOffsets, sortedNames, sortedModules,
                moduleNames);
    }

    /**
     * The lines' indices by address, stable: a merge of the file's ascending runs (the kernel image's lines,
     * then each module's, then BPF programs': a few runs of many lines), without boxing, which the usual
     * start-up (run by the interpreter) would pay for 100k+ lines.
     */
    private int[] addressOrder() {
        int[] order = new int[count];
        Arrays.setAll(order, i -> i);
        int[] runStarts = new int[count + 1];
        int runs = 0;
        for (int i = 0; i < count; i++) {
            if (i == 0 || Long.compareUnsigned(addresses[i - 1], addresses[i]) > 0) {
                runStarts[runs++] = i;
            }
        }
        runStarts[runs] = count;
        int[] merged = new int[count];
        while (runs > 1) {
            int mergedRuns = 0;
            for (int run = 0; run < runs; run += 2) {
                int start = runStarts[run];
                int end = runStarts[Math.min(run + 2, runs)];
                merge(order, start, runStarts[Math.min(run + 1, runs)], end, merged);
                runStarts[mergedRuns++] = start;
            }
            runStarts[mergedRuns] = count;
            runs = mergedRuns;
            int[] swap = order;
            order = merged;
            merged = swap;
        }
        return order;
    }

    /** Merges from[start..middle) and from[middle..end) into to[start..end); ties take the left (earlier) line. */
    private void merge(int[] from, int start, int middle, int end, int[] to) {
        int left = start;
        int right = middle;
        for (int i = start; i < end; i++) {
            if (right >= end || left < middle
                    && Long.compareUnsigned(addresses[from[left]], addresses[from[right]]) <= 0) {
                to[i] = from[left++];
            } else {
                to[i] = from[right++];
            }
        }
    }

    private int indexOf(byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (chunk[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** The line being parsed (the one after the {@code lineNumber} read) is not in kallsyms' format. */
    private VistaException malformed(int start, int end) {
        String line = new String(chunk, start, Math.min(end - start, 200), StandardCharsets.UTF_8);
        return new VistaException("malformed line " + (lineNumber + 1) + " in " + source + ": '" + line + "'");
    }
}
