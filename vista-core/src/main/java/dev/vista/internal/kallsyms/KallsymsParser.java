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

    private final String source;
    private final byte[] chunk = new byte[CHUNK_BYTES];

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

    /** Parses the complete lines of each chunk; a line cut by the chunk's end moves to the next chunk's start. */
    private void parseChunks(InputStream in) throws IOException {
        int filled = 0;
        int read;
        while ((read = in.read(chunk, filled, chunk.length - filled)) >= 0) {
            filled += read;
            int lineStart = 0;
            int lineEnd;
            while ((lineEnd = indexOf((byte) '\n', lineStart, filled)) >= 0) {
                parseLine(lineStart, lineEnd);
                lineStart = lineEnd + 1;
            }
            if (lineStart == 0 && filled == chunk.length) {
                lineNumber++;
                throw malformed(0, Math.min(filled, 200));
            }
            System.arraycopy(chunk, lineStart, chunk, 0, filled - lineStart);
            filled -= lineStart;
        }
        if (filled > 0) {
            parseLine(0, filled); // the last line has no newline
        }
    }

    private void parseLine(int start, int end) {
        lineNumber++;
        if (end == start) {
            return;
        }
        int addressEnd = indexOf((byte) ' ', start, end);
        // "<hex> <type> <name>": the type is one byte between two spaces.
        if (addressEnd <= start || addressEnd + 3 >= end || chunk[addressEnd + 2] != ' ') {
            throw malformed(start, end);
        }
        long address = 0;
        for (int i = start; i < addressEnd; i++) {
            int digit = hexDigit(chunk[i]);
            if (digit < 0) {
                throw malformed(start, end);
            }
            address = address << 4 | digit;
        }
        int nameStart = addressEnd + 3;
        int tab = indexOf((byte) '\t', nameStart, end);
        int nameEnd = tab < 0 ? end : tab;
        int moduleId = tab < 0 ? 0 : moduleId(tab + 1, end);
        if (moduleId < 0) {
            throw malformed(start, end);
        }
        if (count == addresses.length) {
            growLines();
        }
        addresses[count] = address;
        types[count] = chunk[addressEnd + 1];
        moduleIds[count] = moduleId;
        appendName(nameStart, nameEnd);
        count++;
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

    private static int hexDigit(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int lower = b | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    private int indexOf(byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (chunk[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private VistaException malformed(int start, int end) {
        String line = new String(chunk, start, Math.min(end - start, 200), StandardCharsets.UTF_8);
        return new VistaException("malformed line " + lineNumber + " in " + source + ": '" + line + "'");
    }
}
