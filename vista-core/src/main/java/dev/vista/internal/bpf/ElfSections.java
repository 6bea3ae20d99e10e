package dev.vista.internal.bpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/** The section headers of a BPF ELF object (64-bit, little-endian), read in place from its bytes. */
public final class ElfSections {
    private static final int SECTION_HEADER = 64;
    private static final long SHF_EXECINSTR = 0x4;

    private final ByteBuffer elf;
    private final long headers;
    private final int count;
    private final int names;

    private ElfSections(ByteBuffer elf) {
        this.elf = elf;
        this.headers = elf.getLong(0x28);
        this.count = Short.toUnsignedInt(elf.getShort(0x3c));
        this.names = Short.toUnsignedInt(elf.getShort(0x3e));
    }

    public static ElfSections of(byte[] elf) {
        ByteBuffer in = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        if (elf.length < 64 || in.getInt(0) != 0x464c457f || elf[4] != 2 || elf[5] != 1) {
            throw new IllegalArgumentException("not a 64-bit little-endian ELF object");
        }
        ElfSections sections = new ElfSections(in);
        if (sections.headers < 0 || sections.headers + (long) sections.count * SECTION_HEADER > elf.length) {
            throw new IllegalArgumentException("an ELF object whose section headers lie beyond its "
                    + elf.length + " bytes");
        }
        return sections;
    }

    /** The object's bytes, little-endian. */
    public ByteBuffer bytes() {
        return elf;
    }

    public int count() {
        return count;
    }

    /** The file position of section {@code index}'s header (to rewrite it). */
    public int header(int index) {
        return (int) (headers + (long) index * SECTION_HEADER);
    }

    public String name(int index) {
        return string(offset(names) + Integer.toUnsignedLong(elf.getInt(header(index))));
    }

    /** {@code sh_type}. */
    public int type(int index) {
        return elf.getInt(header(index) + 4);
    }

    /** The section's contents, in place (a slice of {@link #bytes()}; set its byte order to read numbers). */
    public ByteBuffer contents(int index) {
        return elf.slice((int) offset(index), (int) size(index));
    }

    /** Whether the section's contents lie within the object's bytes. */
    public boolean inBounds(int index) {
        long offset = offset(index);
        long size = size(index);
        return offset >= 0 && size >= 0 && offset + size <= elf.capacity();
    }

    /** Whether the section holds instructions ({@code SHF_EXECINSTR} in {@code sh_flags}). */
    public boolean executable(int index) {
        return (elf.getLong(header(index) + 8) & SHF_EXECINSTR) != 0;
    }

    /** {@code sh_link}: for a symbol table, its string table. */
    public int link(int index) {
        return elf.getInt(header(index) + 40);
    }

    /** {@code sh_info}: for a relocation section, the section it applies to. */
    public int info(int index) {
        return elf.getInt(header(index) + 44);
    }

    public long offset(int index) {
        return elf.getLong(header(index) + 24);
    }

    public long size(int index) {
        return elf.getLong(header(index) + 32);
    }

    /** The section named {@code name}, if there is one. */
    public OptionalInt find(String name) {
        for (int i = 0; i < count; i++) {
            if (name.equals(name(i))) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /** The NUL-terminated string at a file position. */
    public String string(long at) {
        int end = (int) at;
        while (elf.get(end) != 0) {
            end++;
        }
        return new String(elf.array(), (int) at, end - (int) at, StandardCharsets.UTF_8);
    }
}
