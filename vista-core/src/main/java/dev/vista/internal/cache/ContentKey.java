package dev.vista.internal.cache;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * What an index is keyed on: the length and CRC-32 of the bytes it was made from, and of the base it was made on
 * top of, if any (a module's split BTF is indexed through the kernel's). CRC-32, not CRC-32C: {@link CRC32} is zlib's
 * native code wherever the JIT has no intrinsic, 9 ms for the kernel's 5 MB of BTF in the VM's emulated CPU, where
 * {@code CRC32C} ran as Java bytecode in the interpreter, 0.8 s (BENCHMARKS.md, "Twelfth round").
 */
public record ContentKey(long length, int crc) {

    /** The key of {@code bytes}. */
    public static ContentKey of(byte[] bytes) {
        var crc = new CRC32();
        crc.update(bytes, 0, bytes.length);
        return new ContentKey(bytes.length, (int) crc.getValue());
    }

    /** The key of these bytes read on top of {@code base}'s. */
    public ContentKey onTopOf(ContentKey base) {
        var crc = new CRC32();
        crc.update(ByteBuffer.allocate(2 * Integer.BYTES).putInt(this.crc).putInt(base.crc).flip());
        return new ContentKey(length + base.length, (int) crc.getValue());
    }

    /**
     * The file name of the index {@code kind} of this content, e.g. {@code btf-types-5242880-0a1b2c3d.idx}. Not
     * {@code formatted}: every start names its indexes, and {@code %d} would load the locale's number symbols
     * (BENCHMARKS.md, issue 19, "Fifteenth round").
     */
    String fileName(String kind) {
        return kind + "-" + length + "-" + HexFormat.of().toHexDigits(crc) + ".idx";
    }
}
