package dev.vista.internal.pcapfilter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Replaces the body of a function in a BPF ELF object (64-bit, little-endian) before libbpf opens it.
 * The function must be the last of .text with no relocation inside it, so nothing after it moves:
 * the new .text is appended to the file and the section header and the symbol's size point at it.
 * libbpf then sees a longer subprogram; BTF line info of the old body still lies inside the new one.
 */
final class ElfFunctionSplice {
    private static final int SHT_SYMTAB = 2;
    private static final int SHT_REL = 9;
    private static final int SECTION_HEADER = 64;
    private static final int SYMBOL = 24;
    private static final int RELOCATION = 16;
    /** {@code ja +0}: pads a body shorter than the one it replaces. */
    private static final byte[] NOP = {0x05, 0, 0, 0, 0, 0, 0, 0};

    private ElfFunctionSplice() {
    }

    static byte[] replaceLastTextFunction(byte[] elf, String function, byte[] body) {
        ByteBuffer in = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        if (elf.length < 64 || in.getInt(0) != 0x464c457f || elf[4] != 2 || elf[5] != 1) {
            throw new IllegalArgumentException("not a 64-bit little-endian ELF object");
        }
        long sectionHeaders = in.getLong(0x28);
        int sectionCount = Short.toUnsignedInt(in.getShort(0x3c));
        int names = Short.toUnsignedInt(in.getShort(0x3e));
        int text = -1;
        int symtab = -1;
        for (int i = 0; i < sectionCount; i++) {
            int type = in.getInt(header(sectionHeaders, i) + 4);
            if (".text".equals(sectionName(in, sectionHeaders, names, i))) {
                text = i;
            } else if (type == SHT_SYMTAB) {
                symtab = i;
            }
        }
        if (text < 0 || symtab < 0) {
            throw new IllegalArgumentException("BPF object has no .text or no symbol table");
        }
        int textHeader = header(sectionHeaders, text);
        long textOffset = in.getLong(textHeader + 24);
        long textSize = in.getLong(textHeader + 32);
        int symbol = findSymbol(in, sectionHeaders, symtab, text, function);
        long start = in.getLong(symbol + 8);
        long oldSize = in.getLong(symbol + 16);
        if (start + oldSize != textSize) {
            throw new IllegalArgumentException(function + " is not the last function of .text");
        }
        requireNoRelocationFrom(in, sectionHeaders, sectionCount, text, start);

        byte[] padded = body;
        if (body.length < oldSize) {
            padded = new byte[(int) oldSize];
            for (int at = 0; at < oldSize - body.length; at += NOP.length) {
                System.arraycopy(NOP, 0, padded, at, NOP.length);
            }
            System.arraycopy(body, 0, padded, (int) oldSize - body.length, body.length);
        }
        int newTextOffset = (elf.length + 7) & ~7;
        byte[] result = Arrays.copyOf(elf, newTextOffset + (int) start + padded.length);
        System.arraycopy(elf, (int) textOffset, result, newTextOffset, (int) start);
        System.arraycopy(padded, 0, result, newTextOffset + (int) start, padded.length);
        ByteBuffer out = ByteBuffer.wrap(result).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(textHeader + 24, newTextOffset);
        out.putLong(textHeader + 32, start + padded.length);
        out.putLong(symbol + 16, padded.length);
        return result;
    }

    private static int header(long sectionHeaders, int index) {
        return (int) (sectionHeaders + (long) index * SECTION_HEADER);
    }

    private static String sectionName(ByteBuffer in, long sectionHeaders, int names, int index) {
        long strings = in.getLong(header(sectionHeaders, names) + 24);
        return string(in, strings + Integer.toUnsignedLong(in.getInt(header(sectionHeaders, index))));
    }

    private static String string(ByteBuffer in, long at) {
        int end = (int) at;
        while (in.get(end) != 0) {
            end++;
        }
        return new String(in.array(), (int) at, end - (int) at, StandardCharsets.UTF_8);
    }

    /** The file offset of {@code name}'s symbol entry, defined in section {@code text}. */
    private static int findSymbol(ByteBuffer in, long sectionHeaders, int symtab, int text, String name) {
        int symtabHeader = header(sectionHeaders, symtab);
        long offset = in.getLong(symtabHeader + 24);
        long size = in.getLong(symtabHeader + 32);
        long strings = in.getLong(header(sectionHeaders, in.getInt(symtabHeader + 40)) + 24);
        for (long at = offset; at < offset + size; at += SYMBOL) {
            int shndx = Short.toUnsignedInt(in.getShort((int) at + 6));
            if (shndx == text && name.equals(string(in, strings + Integer.toUnsignedLong(in.getInt((int) at))))) {
                return (int) at;
            }
        }
        throw new IllegalArgumentException("BPF object has no function " + name + " in .text");
    }

    private static void requireNoRelocationFrom(ByteBuffer in, long sectionHeaders, int sectionCount, int text,
            long start) {
        for (int i = 0; i < sectionCount; i++) {
            int h = header(sectionHeaders, i);
            if (in.getInt(h + 4) != SHT_REL || in.getInt(h + 44) != text) {
                continue;
            }
            long offset = in.getLong(h + 24);
            long size = in.getLong(h + 32);
            for (long at = offset; at < offset + size; at += RELOCATION) {
                if (in.getLong((int) at) >= start) {
                    throw new IllegalArgumentException("the body being replaced has relocations");
                }
            }
        }
    }
}
