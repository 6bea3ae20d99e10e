package dev.vista.internal.btf;

import java.util.Arrays;

/**
 * Open-addressing hash table from (kind, name) to type id over one BTF's own types, so that a
 * lookup neither scans 150k types nor turns every name into a String. Names are compared as
 * NUL-terminated bytes in place.
 */
final class NameIndex {

    private final Btf btf;
    /** Type ids; 0 marks an empty slot (id 0 is void and has no name). Length is a power of two. */
    private final int[] slots;

    NameIndex(Btf btf, int firstId, int count) {
        this.btf = btf;
        this.slots = new int[Integer.highestOneBit(Math.max(count, 1) * 2) * 2];
        for (int id = firstId; id < firstId + count; id++) {
            if (btf.hasName(id)) {
                // Linear probing with inserts in id order keeps the lowest id first on a probe path,
                // so duplicates resolve to the first, as libbpf's btf__find_by_name_kind does.
                int slot = slot(btf.nameHash(id, seed(btf.kind(id))));
                while (slots[slot] != 0) {
                    slot = (slot + 1) & (slots.length - 1);
                }
                slots[slot] = id;
            }
        }
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
        return 0x811c9dc5 ^ kind.ordinal();
    }

    private int slot(int hash) {
        return (hash ^ (hash >>> 16)) & (slots.length - 1);
    }
}
