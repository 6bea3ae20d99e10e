package dev.vista.internal.kallsyms;

import dev.vista.PrivilegeException;
import dev.vista.VistaException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's symbol table, read once from {@code /proc/kallsyms}, for turning stack addresses
 * into {@code ip_rcv+0x1a} and finding where the functions to attach to start. Immutable and thread-safe. Kernel modules and BPF programs loaded
 * later are not seen: load again to pick them up.
 *
 * <p>Kept as sorted primitive arrays (about 20 bytes per symbol) rather than an object per symbol;
 * looking functions up by name adds a hash index of the code symbols (8 to 16 bytes each).
 */
public final class KernelSymbols {
    private static final Logger log = LoggerFactory.getLogger(KernelSymbols.class);
    private static final Path PROC_KALLSYMS = Path.of("/proc/kallsyms");
    // Symbols that mark the end of a text section: what follows them is not code.
    private static final byte[][] TEXT_END_MARKERS = {ascii("_etext"), ascii("_einittext")};

    private final int symbolCount;       // the columns may be longer: entries past it are unused
    private final long[] addresses;      // sorted, unsigned
    private final byte[] types;          // nm-style type letter
    private final int[] nameOffsets;     // name i is names[nameOffsets[i] .. nameOffsets[i + 1])
    private final byte[] names;
    private final int[] moduleIds;       // index into modules
    private final String[] modules;      // modules[0] is null: the kernel image
    private volatile TextIndex textIndex; // built on first use

    KernelSymbols(int symbolCount, long[] addresses, byte[] types, int[] nameOffsets, byte[] names, int[] moduleIds,
            String[] modules) {
        this.symbolCount = symbolCount;
        this.addresses = addresses;
        this.types = types;
        this.nameOffsets = nameOffsets;
        this.names = names;
        this.moduleIds = moduleIds;
        this.modules = modules;
    }

    /** Reads {@code /proc/kallsyms}. */
    public static KernelSymbols load() {
        return load(PROC_KALLSYMS);
    }

    /** Reads a file in the format of {@code /proc/kallsyms}. */
    public static KernelSymbols load(Path path) {
        long started = System.nanoTime();
        KernelSymbols symbols;
        try (InputStream in = Files.newInputStream(path)) {
            symbols = KallsymsParser.parse(in, path.toString());
        } catch (IOException e) {
            throw new VistaException("cannot read kernel symbols from " + path + ": " + e.getMessage(), e);
        }
        if (symbols.size() == 0) {
            throw new VistaException(path + " lists no symbols");
        }
        if (symbols.allAddressesZero()) {
            throw new PrivilegeException(path + " shows every address as 0: symbolising kernel addresses needs"
                    + " root (CAP_SYSLOG), and kernel.kptr_restrict must be 0 or 1"
                    + " (sysctl kernel.kptr_restrict=1)");
        }
        log.debug("read {} kernel symbols from {} in {} ms", symbols.size(), path,
                (System.nanoTime() - started) / 1_000_000);
        return symbols;
    }

    /** Symbols given as text in the format of {@code /proc/kallsyms}; {@code source} names them in error messages. */
    public static KernelSymbols parse(String kallsyms, String source) {
        try {
            return KallsymsParser.parse(new ByteArrayInputStream(kallsyms.getBytes(StandardCharsets.UTF_8)), source);
        } catch (IOException e) {
            throw new UncheckedIOException("reading from memory cannot fail", e);
        }
    }

    public int size() {
        return symbolCount;
    }

    /**
     * The function containing {@code address}: the nearest symbol at or below it, with the offset.
     * Null when the address is not in kernel code (below the first symbol, in data, or past the end of a text section).
     * Where several names share an address, the one with the fewest leading underscores wins.
     */
    public Symbol resolve(long address) {
        int last = lastAtOrBelow(address);
        if (last < 0) {
            return null;
        }
        long start = addresses[last];
        int best = -1;
        for (int i = last; i >= 0 && addresses[i] == start; i--) {
            // ties go to the earlier line: i walks backwards
            if (isCode(i) && (best < 0 || leadingUnderscores(i) <= leadingUnderscores(best))) {
                best = i;
            }
        }
        return best < 0 ? null : new Symbol(name(best), address - start, modules[moduleIds[best]]);
    }

    /**
     * Where the code symbol (type t, T, w or W) {@code name} of {@code module} starts (null for the kernel
     * image, {@code bpf} for BPF programs), the lowest address if several share the name there; empty when
     * there is none, e.g. for a data symbol, or a function inlined everywhere or renamed by the compiler
     * ({@code .isra}, {@code .constprop}). The first call builds a hash index of the code symbols.
     */
    public OptionalLong textAddress(String name, String module) {
        int i = textIndex().find(name.getBytes(StandardCharsets.UTF_8), module);
        return i < 0 ? OptionalLong.empty() : OptionalLong.of(addresses[i]);
    }

    private TextIndex textIndex() {
        TextIndex index = textIndex;
        if (index == null) {
            synchronized (this) {
                index = textIndex;
                if (index == null) {
                    long started = System.nanoTime();
                    index = new TextIndex();
                    textIndex = index;
                    log.debug("indexed {} code symbols by name in {} ms", index.size,
                            (System.nanoTime() - started) / 1_000_000);
                }
            }
        }
        return index;
    }

    /**
     * The code symbols by name and module: an open-addressing table of symbol indices (linear probing,
     * at most half full), holding for each name and module the first of the address-sorted symbols, so
     * the lowest address. 8 to 16 bytes per code symbol, and no String per symbol.
     */
    private final class TextIndex {
        private final Map<String, Integer> moduleIdByName = new HashMap<>();
        private final int[] slots; // symbol index + 1; 0 = empty
        private final int mask;
        private final int size;

        TextIndex() {
            for (int id = 1; id < modules.length; id++) {
                moduleIdByName.put(modules[id], id);
            }
            int code = 0;
            for (int i = 0; i < symbolCount; i++) {
                if (isText(types[i])) {
                    code++;
                }
            }
            slots = new int[Integer.highestOneBit(Math.max(code, 1)) << 2]; // load factor 1/4 to 1/2
            mask = slots.length - 1;
            int added = 0;
            for (int i = 0; i < symbolCount; i++) {
                if (!isText(types[i])) {
                    continue;
                }
                int slot = hash(names, nameOffsets[i], nameOffsets[i + 1], moduleIds[i]) & mask;
                while (slots[slot] != 0 && !sameKey(slots[slot] - 1, i)) {
                    slot = (slot + 1) & mask;
                }
                if (slots[slot] == 0) { // else a lower address holds the key already
                    slots[slot] = i + 1;
                    added++;
                }
            }
            size = added;
        }

        /** The index of the symbol, -1 if none. */
        int find(byte[] name, String module) {
            int moduleId;
            if (module == null) {
                moduleId = 0;
            } else {
                Integer id = moduleIdByName.get(module);
                if (id == null) {
                    return -1;
                }
                moduleId = id;
            }
            for (int slot = hash(name, 0, name.length, moduleId) & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
                int i = slots[slot] - 1;
                if (moduleIds[i] == moduleId && nameEquals(i, name)) {
                    return i;
                }
            }
            return -1;
        }

        private boolean sameKey(int i, int j) {
            return moduleIds[i] == moduleIds[j] && Arrays.equals(names, nameOffsets[i], nameOffsets[i + 1],
                    names, nameOffsets[j], nameOffsets[j + 1]);
        }
    }

    private static int hash(byte[] bytes, int from, int to, int moduleId) {
        int h = moduleId;
        for (int i = from; i < to; i++) {
            h = 31 * h + bytes[i];
        }
        h *= 0x9e3779b9; // spread the low bits the mask keeps
        return h ^ h >>> 16;
    }

    private static boolean isText(byte type) {
        return type == 't' || type == 'T' || type == 'w' || type == 'W';
    }

    /** Index of the last symbol whose address is at or below {@code address}, -1 if none. */
    private int lastAtOrBelow(long address) {
        int low = 0;
        int high = symbolCount - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (Long.compareUnsigned(addresses[mid], address) <= 0) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    private boolean isCode(int i) {
        return isText(types[i]) && Arrays.stream(TEXT_END_MARKERS).noneMatch(marker -> nameEquals(i, marker));
    }

    private int leadingUnderscores(int i) {
        int n = 0;
        while (nameOffsets[i] + n < nameOffsets[i + 1] && names[nameOffsets[i] + n] == '_') {
            n++;
        }
        return n;
    }

    private boolean nameEquals(int i, byte[] wanted) {
        return Arrays.equals(names, nameOffsets[i], nameOffsets[i + 1], wanted, 0, wanted.length);
    }

    private String name(int i) {
        return new String(names, nameOffsets[i], nameOffsets[i + 1] - nameOffsets[i], StandardCharsets.UTF_8);
    }

    private boolean allAddressesZero() {
        for (int i = 0; i < symbolCount; i++) {
            if (addresses[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
