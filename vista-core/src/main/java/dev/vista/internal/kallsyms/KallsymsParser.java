package dev.vista.internal.kallsyms;

import dev.vista.VistaException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the bytes of a kallsyms file ({@code ffffffff82055260 T ip_rcv} or
 * {@code ffffffffc0a01000 t nft_do_chain\t[nf_tables]} per line) into a {@link KernelSymbols}.
 * Works on bytes, not on a String per line: the file has 100k-300k lines.
 */
final class KallsymsParser {
    private final byte[] text;
    private final String source;

    // One entry per line, in file order.
    private final long[] addresses;
    private final byte[] types;
    private final int[] nameStarts;
    private final int[] nameEnds;
    private final int[] moduleIds;
    private final List<String> modules = new ArrayList<>(List.of(""));
    private int count;

    // The module of the previous module line (none yet: an empty range): a module's lines are consecutive,
    // so this avoids a lookup per line.
    private int lastModuleStart;
    private int lastModuleEnd;
    private int lastModuleId;

    private KallsymsParser(byte[] text, String source) {
        this.text = text;
        this.source = source;
        int lines = countLines(text);
        addresses = new long[lines];
        types = new byte[lines];
        nameStarts = new int[lines];
        nameEnds = new int[lines];
        moduleIds = new int[lines];
    }

    /** Parses a whole kallsyms file; {@code source} names it in error messages. */
    static KernelSymbols parse(byte[] text, String source) {
        KallsymsParser parser = new KallsymsParser(text, source);
        parser.parseLines();
        return parser.sortedByAddress();
    }

    private void parseLines() {
        int lineStart = 0;
        for (int lineNumber = 1; lineStart < text.length; lineNumber++) {
            int lineEnd = indexOf((byte) '\n', lineStart, text.length);
            if (lineEnd < 0) {
                lineEnd = text.length;
            }
            if (lineEnd > lineStart) {
                parseLine(lineStart, lineEnd, lineNumber);
            }
            lineStart = lineEnd + 1;
        }
    }

    private void parseLine(int start, int end, int lineNumber) {
        int addressEnd = indexOf((byte) ' ', start, end);
        // "<hex> <type> <name>": the type is one byte between two spaces.
        if (addressEnd <= start || addressEnd + 3 >= end || text[addressEnd + 2] != ' ') {
            throw malformed(lineNumber, start, end);
        }
        long address = 0;
        for (int i = start; i < addressEnd; i++) {
            int digit = hexDigit(text[i]);
            if (digit < 0) {
                throw malformed(lineNumber, start, end);
            }
            address = address << 4 | digit;
        }
        int nameStart = addressEnd + 3;
        int tab = indexOf((byte) '\t', nameStart, end);
        int nameEnd = tab < 0 ? end : tab;
        addresses[count] = address;
        types[count] = text[addressEnd + 1];
        nameStarts[count] = nameStart;
        nameEnds[count] = nameEnd;
        int moduleId = tab < 0 ? 0 : moduleId(tab + 1, end);
        if (moduleId < 0) {
            throw malformed(lineNumber, start, end);
        }
        moduleIds[count] = moduleId;
        count++;
    }

    /** The id of the module named in {@code [name]} between start and end, -1 if it is not bracketed. */
    private int moduleId(int start, int end) {
        if (end - start < 3 || text[start] != '[' || text[end - 1] != ']') {
            return -1;
        }
        int nameStart = start + 1;
        int nameEnd = end - 1;
        if (!Arrays.equals(text, nameStart, nameEnd, text, lastModuleStart, lastModuleEnd)) {
            String name = new String(text, nameStart, nameEnd - nameStart, StandardCharsets.UTF_8);
            int id = modules.indexOf(name);
            if (id < 0) {
                id = modules.size();
                modules.add(name);
            }
            lastModuleId = id;
            lastModuleStart = nameStart;
            lastModuleEnd = nameEnd;
        }
        return lastModuleId;
    }

    /** Reorders the lines by address (stable, so aliases keep file order) and packs the names into one array. */
    private KernelSymbols sortedByAddress() {
        int nameBytes = 0;
        boolean inOrder = true;
        for (int i = 0; i < count; i++) {
            nameBytes += nameEnds[i] - nameStarts[i];
            // Kernel addresses have the top bit set: compare them unsigned.
            inOrder &= i == 0 || Long.compareUnsigned(addresses[i - 1], addresses[i]) <= 0;
        }
        int[] order = inOrder ? null : addressOrder();

        long[] sortedAddresses = new long[count];
        byte[] sortedTypes = new byte[count];
        int[] sortedModules = new int[count];
        int[] nameOffsets = new int[count + 1];
        byte[] names = new byte[nameBytes];
        int offset = 0;
        for (int i = 0; i < count; i++) {
            int line = order == null ? i : order[i];
            sortedAddresses[i] = addresses[line];
            sortedTypes[i] = types[line];
            sortedModules[i] = moduleIds[line];
            int length = nameEnds[line] - nameStarts[line];
            System.arraycopy(text, nameStarts[line], names, offset, length);
            nameOffsets[i] = offset;
            offset += length;
        }
        nameOffsets[count] = offset;
        String[] moduleNames = modules.toArray(String[]::new);
        moduleNames[0] = null; // id 0: the kernel image itself
        return new KernelSymbols(sortedAddresses, sortedTypes, nameOffsets, names, sortedModules, moduleNames);
    }

    /**
     * The lines' indices by address. The kernel writes its file in address order, so this is needed only for
     * other files; it boxes, which the usual start-up (run by the interpreter) should not pay for.
     */
    private int[] addressOrder() {
        Integer[] order = new Integer[count];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Long.compareUnsigned(addresses[a], addresses[b]));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
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
            if (text[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private VistaException malformed(int lineNumber, int start, int end) {
        String line = new String(text, start, Math.min(end - start, 200), StandardCharsets.UTF_8);
        return new VistaException("malformed line " + lineNumber + " in " + source + ": '" + line + "'");
    }

    private static int countLines(byte[] text) {
        int lines = 1;
        for (byte b : text) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
