package dev.vista.internal.btf;

import static dev.vista.internal.btf.BtfKind.*;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged input fails with a BtfException that names the source and what is wrong. */
class BtfCorruptTest {

    private static byte[] valid() {
        var b = BtfBlobBuilder.base();
        b.type(INT, "int", 0, false, 4, 32);
        b.type(PTR, "", 0, false, 1);
        return b.build();
    }

    private static Btf parse(byte[] bytes) {
        return Btf.parse("test blob", MemorySegment.ofArray(bytes), null);
    }

    private static byte[] withU32(byte[] bytes, int offset, int value) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return copy;
    }

    @Test
    void truncatedHeader() {
        assertThatThrownBy(() -> parse(Arrays.copyOf(valid(), 10)))
                .isInstanceOf(BtfException.class)
                .hasMessage("test blob: truncated BTF header: 10 bytes, need at least 24");
    }

    @Test
    void wrongMagic() {
        byte[] bytes = valid();
        bytes[0] = 0x34;
        bytes[1] = 0x12;
        assertThatThrownBy(() -> parse(bytes)).isInstanceOf(BtfException.class)
                .hasMessage("test blob: not BTF: magic is 0x1234, expected 0xeb9f");
    }

    @Test
    void bigEndian() {
        byte[] bytes = valid();
        bytes[0] = (byte) 0xeb;
        bytes[1] = (byte) 0x9f;
        assertThatThrownBy(() -> parse(bytes)).isInstanceOf(BtfException.class).hasMessageContaining("big-endian");
    }

    @Test
    void unsupportedVersion() {
        byte[] bytes = valid();
        bytes[2] = 2;
        assertThatThrownBy(() -> parse(bytes)).isInstanceOf(BtfException.class)
                .hasMessageContaining("unsupported BTF version 2");
    }

    @Test
    void fileCutShort() {
        byte[] bytes = valid();
        assertThatThrownBy(() -> parse(Arrays.copyOf(bytes, bytes.length - 3))).isInstanceOf(BtfException.class)
                .hasMessageContaining("test blob: truncated: string section");
    }

    @Test
    void typeRunsPastItsSection() {
        var b = BtfBlobBuilder.base();
        b.type(INT, "int", 0, false, 4, 32);
        b.type(STRUCT, "s", 3, false, 4, b.str("a"), 1, 0); // claims three members, holds one
        assertThatThrownBy(() -> b.parse(null)).isInstanceOf(BtfException.class)
                .hasMessageContaining("test blob: type id 2 (STRUCT) at offset 40: needs 48 bytes");
    }

    @Test
    void unknownKind() {
        byte[] bytes = withU32(valid(), 24 + 16 + 4, 20 << 24); // second type's info word
        assertThatThrownBy(() -> parse(bytes)).isInstanceOf(BtfException.class)
                .hasMessage("test blob: type id 2 at offset 40: unknown kind 20");
    }

    @Test
    void nameOutsideTheStringSection() {
        byte[] bytes = withU32(valid(), 24, 999); // first type's name_off
        assertThatThrownBy(() -> parse(bytes)).isInstanceOf(BtfException.class)
                .hasMessageContaining("test blob: string offset 999 is outside the string section");
    }

    @Test
    void modifierLoop() {
        var b = BtfBlobBuilder.base();
        b.type(TYPEDEF, "a", 0, false, 2);
        b.type(TYPEDEF, "b", 0, false, 1);
        Btf btf = b.parse(null);
        assertThatThrownBy(() -> btf.isPointerToStruct(1, "x")).isInstanceOf(BtfException.class)
                .hasMessageContaining("modifier chain longer than 32");
    }

    @Test
    void fileErrorsNameTheFile(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("vmlinux"), Arrays.copyOf(valid(), 5));
        assertThatThrownBy(() -> Btf.load(file)).isInstanceOf(BtfException.class)
                .hasMessageStartingWith(file + ": truncated BTF header");
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> Btf.load(missing)).isInstanceOf(BtfException.class)
                .hasMessageContaining("cannot read BTF from " + missing);
    }
}
