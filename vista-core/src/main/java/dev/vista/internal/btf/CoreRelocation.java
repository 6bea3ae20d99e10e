package dev.vista.internal.btf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A CO-RE relocation of a BPF object (libbpf's {@code struct bpf_core_relo}, in the object's .BTF.ext section):
 * the object's type it is rooted at, the access path through it ("0:2:1": an index into the root as an array,
 * then member or element indices), and what is relocated.
 */
public record CoreRelocation(int typeId, String access, int kind) {
    /** {@code BPF_CORE_FIELD_BYTE_OFFSET} to {@code BPF_CORE_FIELD_RSHIFT_U64}: the kinds with a member path. */
    private static final int LAST_FIELD_KIND = 5;
    /** {@code BPF_CORE_TYPE_ID_LOCAL}: answered from the object's own BTF, no kernel type needed. */
    static final int TYPE_ID_LOCAL = 6;
    /** {@code BPF_CORE_TYPE_ID_TARGET}: a kernel type's id in the BTF relocated against (the kernel needs its own). */
    static final int TYPE_ID_TARGET = 7;
    private static final int MAGIC = 0xeb9f;
    /** {@code struct btf_ext_header} up to core_relo_len. */
    private static final int HEADER_WITH_CORE_RELOS = 32;

    /** Whether the relocation follows a member path (the field kinds), not only the root type. */
    boolean hasMemberPath() {
        return kind <= LAST_FIELD_KIND;
    }

    /**
     * The distinct relocations in a .BTF.ext section's bytes (each program has its own, mostly the same as the
     * others'); {@code object} is the object's BTF, whose strings hold the access paths.
     */
    public static List<CoreRelocation> read(ByteBuffer btfExt, Btf object) {
        ByteBuffer ext = btfExt.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (ext.remaining() < 8 || Short.toUnsignedInt(ext.getShort(0)) != MAGIC) {
            throw new BtfException(object + ": the .BTF.ext section does not start with BTF's magic number");
        }
        int headerLength = ext.getInt(4);
        if (headerLength < HEADER_WITH_CORE_RELOS) {
            return List.of(); // written before CO-RE relocations existed
        }
        int start = headerLength + ext.getInt(24);
        int end = start + ext.getInt(28);
        List<CoreRelocation> relocations = new ArrayList<>();
        if (end == start) {
            return relocations;
        }
        int recordSize = ext.getInt(start);
        Set<Long> seen = new HashSet<>(); // type id, access path's offset and kind: no record hashing, it runs cold
        for (int at = start + 4; at < end; ) {
            int records = ext.getInt(at + 4); // after the section's name offset
            at += 8;
            for (int i = 0; i < records; i++, at += recordSize) {
                // insn_off, type_id, access_str_off, kind
                if (!seen.add(key(ext.getInt(at + 4), ext.getInt(at + 8), ext.getInt(at + 12)))) {
                    continue;
                }
                relocations.add(new CoreRelocation(ext.getInt(at + 4), object.string(ext.getInt(at + 8)),
                        ext.getInt(at + 12)));
            }
        }
        return relocations;
    }

    /** A relocation's type id, access path offset (below 2^28: the object's string section) and kind, packed. */
    private static long key(int typeId, int accessOffset, int kind) {
        return (long) typeId << 32 | (long) accessOffset << 4 | kind;
    }
}
