package dev.vista.internal.libbpf;

import dev.vista.internal.bpf.ElfSections;
import dev.vista.internal.btf.Btf;
import dev.vista.internal.btf.BtfKind;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Fills in the kernel's BTF ids in our kprobe programs' calls of the kfunc {@code bpf_rdonly_cast}, which
 * kprobe_pointer.h writes as two instructions with placeholders: {@code r2 = <struct's id>} and a kfunc call
 * whose immediate is the kfunc's id. Done in the object's bytes before libbpf opens it, from the BTF we have
 * parsed: declared as a libbpf extern with {@code bpf_core_type_id_kernel()}, the call would make libbpf read
 * and search the kernel's whole BTF at every load (BENCHMARKS.md, issue 19).
 */
final class ReadOnlyCasts {
    /** kprobe_pointer.h's placeholder for the kfunc's id. */
    private static final int KFUNC_PLACEHOLDER = 0x7eb70001;
    /** kprobe_pointer.h's placeholders for the structs' ids, by the struct's name. */
    private static final Map<Integer, String> STRUCT_PLACEHOLDERS = Map.of(
            0x7eb70002, "sk_buff",
            0x7eb70003, "sock");
    private static final String KFUNC = "bpf_rdonly_cast";
    private static final int INSN_SIZE = 8;
    /** Where an instruction's 32-bit immediate starts. */
    private static final int IMM = 4;
    private static final int ENOENT = 2;
    /** {@code BPF_JMP | BPF_CALL}. */
    private static final byte CALL = (byte) 0x85;
    /** The registers byte of a kfunc call: src_reg BPF_PSEUDO_KFUNC_CALL (2), dst_reg 0. */
    private static final byte KFUNC_CALL_REGISTERS = 0x20;
    /** {@code BPF_ALU64 | BPF_MOV | BPF_K} into r2 (the registers byte). */
    private static final byte MOV64_IMM = (byte) 0xb7;
    private static final byte INTO_R2 = 0x02;

    private ReadOnlyCasts() {
    }

    /**
     * {@code elf} with the placeholders of its calls replaced by the ids in {@code kernel} (asked for only when
     * there is a call); {@code elf} itself if it has none, or is no ELF object that libbpf could open (libbpf
     * then says what is wrong with it).
     *
     * @throws LibbpfException if the kernel lacks the kfunc (before Linux 6.2) or a struct
     */
    static byte[] fill(String objectName, byte[] elf, Supplier<Btf> kernel) {
        ElfSections sections;
        try {
            sections = ElfSections.of(elf);
        } catch (IllegalArgumentException e) {
            return elf;
        }
        ByteBuffer filled = null;
        Btf btf = null;
        for (int section = 0; section < sections.count(); section++) {
            if (!sections.executable(section) || !sections.inBounds(section)) {
                continue;
            }
            int start = (int) sections.offset(section);
            int end = start + (int) sections.size(section);
            for (int at = start; at + INSN_SIZE <= end; at += INSN_SIZE) {
                if (elf[at] != CALL || elf[at + 1] != KFUNC_CALL_REGISTERS) {
                    continue;
                }
                String struct = castStruct(objectName, sections.bytes(), start, at);
                if (filled == null) {
                    filled = ByteBuffer.wrap(elf.clone()).order(sections.bytes().order());
                    btf = kernel.get();
                }
                filled.putInt(at - INSN_SIZE + IMM, kernelId(objectName, btf, BtfKind.STRUCT, struct));
                filled.putInt(at + IMM, kernelId(objectName, btf, BtfKind.FUNC, KFUNC));
            }
        }
        return filled == null ? elf : filled.array();
    }

    /** The struct that the kfunc call at {@code at} casts to, read from its placeholders. */
    private static String castStruct(String objectName, ByteBuffer elf, int sectionStart, int at) {
        int movAt = at - INSN_SIZE;
        String struct = movAt < sectionStart || elf.get(movAt) != MOV64_IMM || elf.get(movAt + 1) != INTO_R2 ? null
                : STRUCT_PLACEHOLDERS.get(elf.getInt(movAt + IMM));
        if (elf.getInt(at + IMM) != KFUNC_PLACEHOLDER || struct == null) {
            throw new IllegalArgumentException("BPF object " + objectName + " calls a kfunc at byte " + at
                    + " that is not kprobe_pointer.h's " + KFUNC + " with its placeholders: a kfunc's BTF id is "
                    + "filled in by ReadOnlyCasts, which knows only that call");
        }
        return struct;
    }

    private static int kernelId(String objectName, Btf kernel, BtfKind kind, String name) {
        return kernel.findType(kind, name).orElseThrow(() -> new LibbpfException("opening BPF object " + objectName
                + ": the kernel's BTF has no " + kind + " " + name + ", which its kprobe programs "
                + (kind == BtfKind.FUNC ? "call (a kfunc of Linux 6.2+; on an older kernel, trace kernel functions "
                + "with fentry)" : "cast to"), ENOENT));
    }
}
