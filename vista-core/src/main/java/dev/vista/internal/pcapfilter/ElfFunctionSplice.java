package dev.vista.internal.pcapfilter;

import dev.vista.internal.bpf.ElfSections;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
    private static final int SYMBOL = 24;
    private static final int RELOCATION = 16;
    /** {@code ja +0}: pads a body shorter than the one it replaces. */
    private static final byte[] NOP = {0x05, 0, 0, 0, 0, 0, 0, 0};

    private ElfFunctionSplice() {
    }

    static byte[] replaceLastTextFunction(byte[] elf, String function, byte[] body) {
        ElfSections sections = ElfSections.of(elf);
        int text = sections.find(".text").orElse(-1);
        int symtab = -1;
        for (int i = 0; i < sections.count(); i++) {
            if (sections.type(i) == SHT_SYMTAB) {
                symtab = i;
            }
        }
        if (text < 0 || symtab < 0) {
            throw new IllegalArgumentException("BPF object has no .text or no symbol table");
        }
        long textOffset = sections.offset(text);
        long textSize = sections.size(text);
        int symbol = findSymbol(sections, symtab, text, function);
        ByteBuffer in = sections.bytes();
        long start = in.getLong(symbol + 8);
        long oldSize = in.getLong(symbol + 16);
        if (start + oldSize != textSize) {
            throw new IllegalArgumentException(function + " is not the last function of .text");
        }
        requireNoRelocationFrom(sections, text, start);

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
        int textHeader = sections.header(text);
        out.putLong(textHeader + 24, newTextOffset);
        out.putLong(textHeader + 32, start + padded.length);
        out.putLong(symbol + 16, padded.length);
        return result;
    }

    /** The file offset of {@code name}'s symbol entry, defined in section {@code text}. */
    private static int findSymbol(ElfSections sections, int symtab, int text, String name) {
        ByteBuffer in = sections.bytes();
        long offset = sections.offset(symtab);
        long size = sections.size(symtab);
        long strings = sections.offset(sections.link(symtab));
        for (long at = offset; at < offset + size; at += SYMBOL) {
            int shndx = Short.toUnsignedInt(in.getShort((int) at + 6));
            if (shndx == text && name.equals(sections.string(strings + Integer.toUnsignedLong(in.getInt((int) at))))) {
                return (int) at;
            }
        }
        throw new IllegalArgumentException("BPF object has no function " + name + " in .text");
    }

    private static void requireNoRelocationFrom(ElfSections sections, int text, long start) {
        for (int i = 0; i < sections.count(); i++) {
            if (sections.type(i) != SHT_REL || sections.info(i) != text) {
                continue;
            }
            long offset = sections.offset(i);
            long size = sections.size(i);
            for (long at = offset; at < offset + size; at += RELOCATION) {
                if (sections.bytes().getLong((int) at) >= start) {
                    throw new IllegalArgumentException("the body being replaced has relocations");
                }
            }
        }
    }
}
