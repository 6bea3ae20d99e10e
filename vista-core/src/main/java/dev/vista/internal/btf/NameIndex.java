package dev.vista.internal.btf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

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
            MemorySegment name = btf.nameOf(id);
            if (name.get(ValueLayout.JAVA_BYTE, 0) != 0) {
                // Linear probing with inserts in id order keeps the lowest id first on a probe path,
                // so duplicates resolve to the first, as libbpf's btf__find_by_name_kind does.
                int slot = firstSlot(btf.kind(id), name);
                while (slots[slot] != 0) {
                    slot = (slot + 1) & (slots.length - 1);
                }
                slots[slot] = id;
            }
        }
    }

    /** The first own type of this kind with this name (a {@link #cString}), or 0. */
    int find(BtfKind kind, MemorySegment name) {
        for (int slot = firstSlot(kind, name); slots[slot] != 0; slot = (slot + 1) & (slots.length - 1)) {
            int id = slots[slot];
            if (btf.kind(id) == kind && cStringEquals(btf.nameOf(id), name)) {
                return id;
            }
        }
        return 0;
    }

    /** A name as a NUL-terminated byte string, the form in which the string section holds it. */
    static MemorySegment cString(String name) {
        return MemorySegment.ofArray((name + '\0').getBytes(StandardCharsets.UTF_8));
    }

    static boolean cStringEquals(MemorySegment a, MemorySegment b) {
        for (long i = 0; ; i++) {
            byte x = a.get(ValueLayout.JAVA_BYTE, i);
            if (x != b.get(ValueLayout.JAVA_BYTE, i)) {
                return false;
            }
            if (x == 0) {
                return true;
            }
        }
    }

    private int firstSlot(BtfKind kind, MemorySegment name) {
        int hash = 0x811c9dc5 ^ kind.ordinal(); // FNV-1a
        for (long i = 0; ; i++) {
            byte b = name.get(ValueLayout.JAVA_BYTE, i);
            if (b == 0) {
                break;
            }
            hash = (hash ^ b) * 0x01000193;
        }
        return (hash ^ (hash >>> 16)) & (slots.length - 1);
    }
}
