package dev.vista.internal.btf;

/**
 * The kinds of BTF type (include/uapi/linux/btf.h). Declaration order is the kernel's numbering,
 * so {@code ordinal()} is the kind code stored in a type's info word.
 */
public enum BtfKind {
    /** Code 0: only type id 0 (void) has it; it never appears in a type section. */
    UNKN(0, 0),
    INT(4, 0),
    PTR(0, 0),
    ARRAY(12, 0),
    STRUCT(0, 12),
    UNION(0, 12),
    ENUM(0, 8),
    FWD(0, 0),
    TYPEDEF(0, 0),
    VOLATILE(0, 0),
    CONST(0, 0),
    RESTRICT(0, 0),
    /** vlen holds the linkage, not a count, hence no per-vlen data. */
    FUNC(0, 0),
    FUNC_PROTO(0, 8),
    VAR(4, 0),
    DATASEC(0, 12),
    FLOAT(0, 0),
    DECL_TAG(4, 0),
    TYPE_TAG(0, 0),
    ENUM64(0, 12);

    private static final BtfKind[] BY_CODE = values();

    private final int fixedBytes;
    private final int bytesPerVlen;

    BtfKind(int fixedBytes, int bytesPerVlen) {
        this.fixedBytes = fixedBytes;
        this.bytesPerVlen = bytesPerVlen;
    }

    /** The kind with this code, or null if the code is not one a type section may hold. */
    static BtfKind ofCode(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** Bytes that follow the 12-byte {@code struct btf_type} for a type of this kind. */
    int trailingBytes(int vlen) {
        return fixedBytes + bytesPerVlen * vlen;
    }

    /** Qualifiers and aliases that stand between a use of a type and the type itself. */
    boolean isModifier() {
        return switch (this) {
            case TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG -> true;
            default -> false;
        };
    }
}
