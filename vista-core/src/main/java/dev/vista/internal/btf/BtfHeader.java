package dev.vista.internal.btf;

/**
 * The validated {@code struct btf_header}: where the type and string sections lie, as absolute
 * byte positions in the file.
 */
record BtfHeader(long typeStart, long typeLen, long strStart, long strLen) {

    static final int MAGIC = 0xeb9f;
    static final int MIN_LEN = 24;
    private static final int VERSION = 1;

    /** Read with shifts, as {@link Btf} reads the rest: a segment's first access spins classes (issue 19). */
    static BtfHeader parse(String source, byte[] data) {
        long size = data.length;
        if (size < MIN_LEN) {
            throw new BtfException("%s: truncated BTF header: %d bytes, need at least %d".formatted(source, size, MIN_LEN));
        }
        int magic = data[0] & 0xff | (data[1] & 0xff) << 8;
        if (magic == Short.toUnsignedInt(Short.reverseBytes((short) MAGIC))) {
            throw new BtfException(source + ": BTF is big-endian; only little-endian BTF (this machine's order) is supported");
        }
        if (magic != MAGIC) {
            throw new BtfException("%s: not BTF: magic is 0x%04x, expected 0x%04x".formatted(source, magic, MAGIC));
        }
        int version = data[2] & 0xff;
        if (version != VERSION) {
            throw new BtfException("%s: unsupported BTF version %d, expected %d".formatted(source, version, VERSION));
        }
        long hdrLen = u32(data, 4);
        if (hdrLen < MIN_LEN || hdrLen > size) {
            throw new BtfException("%s: BTF header length %d is outside %d..%d".formatted(source, hdrLen, MIN_LEN, size));
        }
        // Section offsets count from the end of the header.
        long typeStart = hdrLen + u32(data, 8);
        long typeLen = u32(data, 12);
        long strStart = hdrLen + u32(data, 16);
        long strLen = u32(data, 20);
        requireWithin(source, "type", typeStart, typeLen, size);
        requireWithin(source, "string", strStart, strLen, size);
        if (typeStart % 4 != 0) {
            throw new BtfException("%s: type section at offset %d is not 4-byte aligned".formatted(source, typeStart));
        }
        return new BtfHeader(typeStart, typeLen, strStart, strLen);
    }

    private static long u32(byte[] data, int offset) {
        return Integer.toUnsignedLong(Btf.u32(data, offset));
    }

    private static void requireWithin(String source, String section, long start, long len, long size) {
        if (start + len > size) {
            throw new BtfException("%s: truncated: %s section needs bytes %d..%d but the file has %d bytes"
                    .formatted(source, section, start, start + len, size));
        }
    }
}
