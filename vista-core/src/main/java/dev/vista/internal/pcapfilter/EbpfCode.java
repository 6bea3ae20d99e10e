package dev.vista.internal.pcapfilter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An eBPF instruction stream being assembled ({@code struct bpf_insn}: opcode, dst and src register
 * nibbles, 16-bit offset, 32-bit immediate), with forward jumps to labels resolved at the end.
 */
final class EbpfCode {
    // Instruction classes, sizes, modes and operations of <linux/bpf.h> (classic BPF shares most values).
    static final int LDX = 0x01;
    static final int ST = 0x02;
    static final int STX = 0x03;
    static final int ALU = 0x04;
    static final int JMP = 0x05;
    static final int JMP32 = 0x06;
    static final int ALU64 = 0x07;
    static final int W = 0x00;
    static final int H = 0x08;
    static final int B = 0x10;
    static final int DW = 0x18;
    static final int MEM = 0x60;
    static final int K = 0x00;
    static final int X = 0x08;
    static final int ADD = 0x00;
    static final int AND = 0x50;
    static final int LSH = 0x60;
    static final int NEG = 0x80;
    static final int MOV = 0xb0;
    static final int END = 0xd0;
    static final int TO_BE = 0x08;
    static final int JA = 0x00;
    static final int JEQ = 0x10;
    static final int JGT = 0x20;
    static final int JGE = 0x30;
    static final int JNE = 0x50;
    static final int CALL = 0x80;
    static final int EXIT = 0x90;
    static final int BPF_FUNC_PROBE_READ_KERNEL = 113;
    /** *(u32 *)(dst + off) = imm. */
    static final int ST_IMM_W = ST | MEM | W;

    private int[] opcodes = new int[64];
    private int[] registers = new int[64];
    private int[] offsets = new int[64];
    private int[] immediates = new int[64];
    private int size;
    private final List<int[]> jumps = new ArrayList<>(); // {instruction, label}
    private int[] labels = new int[16];
    private int labelCount;

    int size() {
        return size;
    }

    /** A new label, placed later with {@link #place}. */
    int newLabel() {
        if (labelCount == labels.length) {
            labels = Arrays.copyOf(labels, labelCount * 2);
        }
        labels[labelCount] = -1;
        return labelCount++;
    }

    /** Whether some jump goes to {@code label} (code only reached that way must not be emitted otherwise). */
    boolean isTarget(int label) {
        return jumps.stream().anyMatch(jump -> jump[1] == label);
    }

    void place(int label) {
        labels[label] = size;
    }

    void emit(int opcode, int dst, int src, int offset, int imm) {
        if (size == opcodes.length) {
            int grown = size * 2;
            opcodes = Arrays.copyOf(opcodes, grown);
            registers = Arrays.copyOf(registers, grown);
            offsets = Arrays.copyOf(offsets, grown);
            immediates = Arrays.copyOf(immediates, grown);
        }
        opcodes[size] = opcode;
        registers[size] = (src << 4) | dst;
        offsets[size] = offset;
        immediates[size] = imm;
        size++;
    }

    /** A jump (JA, or a conditional one of class JMP/JMP32) to {@code label}. */
    void jump(int opcode, int dst, int src, int imm, int label) {
        jumps.add(new int[] {size, label});
        emit(opcode, dst, src, 0, imm);
    }

    void alu32Imm(int op, int dst, int imm) {
        emit(ALU | op | K, dst, 0, 0, imm);
    }

    void alu32Reg(int op, int dst, int src) {
        emit(ALU | op | X, dst, src, 0, 0);
    }

    void alu64Imm(int op, int dst, int imm) {
        emit(ALU64 | op | K, dst, 0, 0, imm);
    }

    void alu64Reg(int op, int dst, int src) {
        emit(ALU64 | op | X, dst, src, 0, 0);
    }

    void load(int size, int dst, int base, int offset) {
        emit(LDX | MEM | size, dst, base, offset, 0);
    }

    void store(int size, int base, int offset, int src) {
        emit(STX | MEM | size, base, src, offset, 0);
    }

    void exitWith(int imm) {
        alu32Imm(MOV, 0, imm);
        emit(JMP | EXIT, 0, 0, 0, 0);
    }

    /**
     * The instructions as the kernel takes them, jumps resolved.
     *
     * @throws IllegalStateException when a jump does not fit the 16-bit offset
     */
    byte[] toBytes() {
        for (int[] jump : jumps) {
            int target = labels[jump[1]];
            if (target < 0) {
                throw new IllegalStateException("jump to a label never placed");
            }
            int offset = target - jump[0] - 1;
            if (offset < Short.MIN_VALUE || offset > Short.MAX_VALUE) {
                throw new IllegalStateException("jump of " + offset + " instructions exceeds eBPF's 16-bit offsets");
            }
            offsets[jump[0]] = offset;
        }
        ByteBuffer out = ByteBuffer.allocate(size * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < size; i++) {
            out.put((byte) opcodes[i]).put((byte) registers[i]).putShort((short) offsets[i]).putInt(immediates[i]);
        }
        return out.array();
    }
}
