package dev.vista.internal.btf;

import java.util.Arrays;

/**
 * Open-addressing hash table from (kind, name) to type id over one BTF's own types, so that a
 * lookup neither scans 150k types nor turns every name into a String. Names are compared as
 * NUL-terminated bytes in place.
 */
final class NameIndex {
    /** FNV-1a's offset basis; a kind's seed is it XOR the kind's code (its ordinal in {@link BtfKind}). */
    private static final int SEED = 0x811c9dc5;

    private final Btf btf;
    /** Type ids; 0 marks an empty slot (id 0 is void and has no name). Length is a power of two. */
    private final int[] slots;

    /**
     * The index of the types at {@code offsets} in {@code data} (the BTF's own, from {@code firstId}). Each type's
     * words are read here, not through the Btf's accessors: a tracer's start builds this in the interpreter, which
     * pays per call, for 100k+ types. Names in the BTF's own string section (name offsets from
     * {@code firstStrOff}, {@code strLen} bytes at {@code strStart} in {@code data}) are hashed in place; others (a
     * split BTF's names in its base's strings, and offsets out of range, which the Btf refuses) go through the Btf.
     */
    static NameIndex build(Btf btf, byte[] data, int[] offsets, int firstId, long firstStrOff, int strStart,
            int strLen) {
        int[] slots = new int[tableSize(offsets.length)];
        for (int i = 0; i < offsets.length; i++) {
            int at = offsets[i];
            // Btf.u32's decoding written out, not called per word: the interpreter runs this at start-up.
            long nameOff = (data[at] & 0xff | (data[at + 1] & 0xff) << 8 | (data[at + 2] & 0xff) << 16
                    | (data[at + 3] & 0xffL) << 24);
            if (nameOff == 0) {
                continue; // anonymous
            }
            int seed = SEED ^ data[at + 7] & 0x1f; // the kind: bits 24-28 of the little-endian info word
            int id = firstId + i;
            int hash;
            if (nameOff >= firstStrOff && nameOff - firstStrOff < strLen) {
                int name = (int) (strStart + nameOff - firstStrOff);
                if (data[name] == 0) {
                    continue;
                }
                hash = hash(data, name, seed);
            } else if (btf.hasName(id)) {
                hash = btf.nameHash(id, seed);
            } else {
                continue;
            }
            // Linear probing with inserts in id order keeps the lowest id first on a probe path,
            // so duplicates resolve to the first, as libbpf's btf__find_by_name_kind does.
            int slot = slot(hash, slots.length);
            while (slots[slot] != 0) {
                slot = (slot + 1) & (slots.length - 1);
            }
            slots[slot] = id;
        }
        return new NameIndex(btf, slots);
    }

    /** The index whose table {@link #build} made before, read back from an index cache. */
    NameIndex(Btf btf, int[] slots) {
        this.btf = btf;
        this.slots = slots;
    }

    /** Whether {@code slots} has the size of the table {@link #build} makes for {@code types} types. */
    static boolean fits(int[] slots, int types) {
        return slots.length == tableSize(types);
    }

    /** The table, to be stored; not to be changed. */
    int[] slots() {
        return slots;
    }

    /** The first own type of this kind with this name (a {@link Btf#cString}), or 0. */
    int find(BtfKind kind, byte[] name) {
        int[] found = findAll(kind, name);
        return found.length == 0 ? 0 : found[0];
    }

    /** Every own type of this kind with this name, in id order (the order of inserts along a probe path). */
    int[] findAll(BtfKind kind, byte[] name) {
        int[] found = new int[0];
        for (int slot = slot(hash(name, 0, seed(kind))); slots[slot] != 0; slot = (slot + 1) & (slots.length - 1)) {
            int id = slots[slot];
            if (btf.kind(id) == kind && btf.nameEquals(id, name)) {
                found = Arrays.copyOf(found, found.length + 1);
                found[found.length - 1] = id;
            }
        }
        return found;
    }

    /** FNV-1a of the NUL-terminated string at {@code at}, started from {@code seed}. */
    static int hash(byte[] data, int at, int seed) {
        int hash = seed;
        for (int i = at; data[i] != 0; i++) {
            hash = (hash ^ data[i]) * 0x01000193;
        }
        return hash;
    }

    private static int seed(BtfKind kind) {
        return SEED ^ kind.ordinal();
    }

    private static int tableSize(int types) {
        return Integer.highestOneBit(Math.max(types, 1) * 2) * 2;
    }

    private int slot(int hash) {
        return slot(hash, slots.length);
    }

    private static int slot(int hash, int tableSize) {
        return (hash ^ (hash >>> 16)) & (tableSize - 1);
    }
}
