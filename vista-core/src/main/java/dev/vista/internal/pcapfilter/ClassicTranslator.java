package dev.vista.internal.pcapfilter;

import static dev.vista.internal.pcapfilter.EbpfCode.ADD;
import static dev.vista.internal.pcapfilter.EbpfCode.AND;
import static dev.vista.internal.pcapfilter.EbpfCode.B;
import static dev.vista.internal.pcapfilter.EbpfCode.BPF_FUNC_PROBE_READ_KERNEL;
import static dev.vista.internal.pcapfilter.EbpfCode.CALL;
import static dev.vista.internal.pcapfilter.EbpfCode.END;
import static dev.vista.internal.pcapfilter.EbpfCode.H;
import static dev.vista.internal.pcapfilter.EbpfCode.JA;
import static dev.vista.internal.pcapfilter.EbpfCode.JEQ;
import static dev.vista.internal.pcapfilter.EbpfCode.JGE;
import static dev.vista.internal.pcapfilter.EbpfCode.JGT;
import static dev.vista.internal.pcapfilter.EbpfCode.JMP;
import static dev.vista.internal.pcapfilter.EbpfCode.JMP32;
import static dev.vista.internal.pcapfilter.EbpfCode.JNE;
import static dev.vista.internal.pcapfilter.EbpfCode.LSH;
import static dev.vista.internal.pcapfilter.EbpfCode.MOV;
import static dev.vista.internal.pcapfilter.EbpfCode.TO_BE;
import static dev.vista.internal.pcapfilter.EbpfCode.W;

import java.util.List;

/**
 * Translates one classic BPF program into eBPF inside a function whose packet is [BASE, END) in
 * kernel memory: packet loads check their bounds against END, then copy the bytes with
 * bpf_probe_read_kernel (the skb's data is not directly readable from tracing programs). A load out
 * of bounds rejects the packet, as in libpcap's interpreter. A and X live in callee-saved registers
 * as zero-extended 32-bit values, the scratch memory M[] in stack slots.
 */
final class ClassicTranslator {
    static final int A = 6;
    static final int X = 7;
    static final int BASE = 8;
    static final int END_REG = 9;
    static final int FP = 10;
    /** Stack: the packet length, the probe-read buffer, then M[0..15]. */
    static final int LEN_SLOT = -8;
    static final int READ_SLOT = -16;
    private static final int SCRATCH_SLOTS = 16;

    // Classic BPF (<linux/filter.h>): classes, modes, sources, return values, misc operations.
    private static final int LD = 0x00;
    private static final int LDX = 0x01;
    private static final int ST = 0x02;
    private static final int STX = 0x03;
    private static final int ALU = 0x04;
    private static final int JMP_CLASS = 0x05;
    private static final int RET = 0x06;
    private static final int MISC = 0x07;
    private static final int IMM = 0x00;
    private static final int ABS = 0x20;
    private static final int IND = 0x40;
    private static final int MEM = 0x60;
    private static final int LEN = 0x80;
    private static final int MSH = 0xa0;
    private static final int SRC_X = 0x08;
    private static final int DIV = 0x30;
    private static final int MOD = 0x90;
    private static final int RSH = 0x70;
    private static final int NEG = 0x80;
    private static final int RVAL_A = 0x10;
    private static final int RVAL_K = 0x00;
    private static final int TXA = 0x80;
    /** Loads at or above this (SKF_LL_OFF and the ancillary SKF_AD_OFF) are Linux socket-filter extensions. */
    private static final long ANCILLARY_BASE = 0xffe00000L;

    private final EbpfCode out;
    private final int reject;

    /** Emits into {@code out}; loads out of bounds jump to {@code reject}, which must return 0. */
    ClassicTranslator(EbpfCode out, int reject) {
        this.out = out;
        this.reject = reject;
    }

    /** Appends {@code program}; control never falls off its end (every classic program ends in RET). */
    void translate(List<ClassicInsn> program) {
        if (program.isEmpty() || program.getLast().instructionClass() != RET) {
            throw new IllegalArgumentException("classic BPF program does not end with a return");
        }
        int[] labels = new int[program.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = out.newLabel();
        }
        zeroScratch(program);
        out.alu32Imm(MOV, A, 0);
        out.alu32Imm(MOV, X, 0);
        boolean[] reachable = reachable(program);
        for (int i = 0; i < program.size(); i++) {
            if (reachable[i]) { // the verifier refuses unreachable instructions
                out.place(labels[i]);
                translate(program.get(i), i, labels);
            }
        }
    }

    /** Classic jumps only go forward (a loop is refused later), so one pass finds what runs. */
    private static boolean[] reachable(List<ClassicInsn> program) {
        boolean[] reachable = new boolean[program.size()];
        reachable[0] = true;
        for (int i = 0; i < program.size(); i++) {
            ClassicInsn insn = program.get(i);
            if (!reachable[i] || insn.instructionClass() == RET) {
                continue;
            }
            if (insn.instructionClass() != JMP_CLASS) {
                mark(reachable, i + 1L);
            } else if ((insn.code() & 0xf0) == JA) {
                mark(reachable, i + 1L + Integer.toUnsignedLong(insn.k()));
            } else {
                mark(reachable, i + 1L + insn.jt());
                mark(reachable, i + 1L + insn.jf());
            }
        }
        return reachable;
    }

    private static void mark(boolean[] reachable, long index) {
        if (index < reachable.length) {
            reachable[(int) index] = true;
        }
    }

    /** The verifier refuses reads of stack never written; classic programs start with M[] unspecified. */
    private void zeroScratch(List<ClassicInsn> program) {
        boolean[] used = new boolean[SCRATCH_SLOTS];
        for (ClassicInsn insn : program) {
            int cls = insn.instructionClass();
            boolean memory = ((cls == LD || cls == LDX) && (insn.code() & 0xe0) == MEM) || cls == ST || cls == STX;
            if (memory) {
                used[scratchIndex(insn)] = true;
            }
        }
        for (int slot = 0; slot < SCRATCH_SLOTS; slot++) {
            if (used[slot]) {
                out.emit(EbpfCode.ST_IMM_W, FP, 0, scratchOffset(slot), 0);
            }
        }
    }

    private static int scratchIndex(ClassicInsn insn) {
        if (Integer.compareUnsigned(insn.k(), SCRATCH_SLOTS) >= 0) {
            throw new IllegalArgumentException("scratch memory index " + Integer.toUnsignedString(insn.k()));
        }
        return insn.k();
    }

    private static int scratchOffset(int slot) {
        return READ_SLOT - 8 * (slot + 1);
    }

    private void translate(ClassicInsn insn, int index, int[] labels) {
        int code = insn.code();
        int k = insn.k();
        switch (insn.instructionClass()) {
            case LD -> load(A, code, k);
            case LDX -> load(X, code, k);
            case ST -> out.store(W, FP, scratchOffset(scratchIndex(insn)), A);
            case STX -> out.store(W, FP, scratchOffset(scratchIndex(insn)), X);
            case ALU -> alu(code, k);
            case JMP_CLASS -> jump(insn, index, labels);
            case RET -> ret(code, k);
            case MISC -> {
                if ((code & 0xf8) == TXA) {
                    out.alu32Reg(MOV, A, X);
                } else {
                    out.alu32Reg(MOV, X, A);
                }
            }
            default -> throw new IllegalArgumentException("classic BPF opcode 0x" + Integer.toHexString(code));
        }
    }

    private void load(int dst, int code, int k) {
        int mode = code & 0xe0;
        int size = code & 0x18;
        switch (mode) {
            case IMM -> out.alu32Imm(MOV, dst, k);
            case MEM -> out.load(W, dst, FP, scratchOffset(scratchIndex(new ClassicInsn(code, 0, 0, k))));
            case LEN -> out.load(W, dst, FP, LEN_SLOT);
            case ABS -> packetLoad(dst, size, k, false);
            case IND -> packetLoad(dst, size, k, true);
            case MSH -> {
                packetLoad(dst, B, k, false);
                out.alu32Imm(AND, dst, 0xf);
                out.alu32Imm(LSH, dst, 2);
            }
            default -> throw new IllegalArgumentException("classic BPF load mode 0x" + Integer.toHexString(mode));
        }
    }

    /** dst = the big-endian value of {@code size} at BASE + k (+ X); out of [BASE, END) rejects. */
    private void packetLoad(int dst, int size, int k, boolean indexed) {
        if (!indexed && Integer.toUnsignedLong(k) >= ANCILLARY_BASE) {
            throw new IllegalArgumentException("Linux ancillary load at 0x" + Integer.toHexString(k)
                    + " has no meaning outside a socket filter");
        }
        int bytes = switch (size) {
            case W -> 4;
            case H -> 2;
            case B -> 1;
            default -> throw new IllegalArgumentException("classic BPF load size 0x" + Integer.toHexString(size));
        };
        out.alu32Imm(MOV, 3, k); // zero-extended: offsets are unsigned
        if (indexed) {
            out.alu64Reg(ADD, 3, X);
        }
        out.alu64Reg(ADD, 3, BASE);
        out.alu64Reg(MOV, 2, 3);
        out.alu64Imm(ADD, 2, bytes);
        out.jump(JMP | JGT | EbpfCode.X, 2, END_REG, 0, reject);
        out.alu64Reg(MOV, 1, FP);
        out.alu64Imm(ADD, 1, READ_SLOT);
        out.alu64Imm(MOV, 2, bytes);
        out.emit(JMP | CALL, 0, 0, 0, BPF_FUNC_PROBE_READ_KERNEL);
        out.jump(JMP | JNE | EbpfCode.K, 0, 0, 0, reject);
        out.load(size, dst, FP, READ_SLOT);
        if (bytes > 1) {
            out.emit(EbpfCode.ALU | END | TO_BE, dst, 0, 0, bytes * 8);
        }
    }

    private void alu(int code, int k) {
        int op = code & 0xf0;
        boolean fromX = (code & SRC_X) != 0;
        if (op == NEG) {
            out.emit(EbpfCode.ALU | NEG, A, 0, 0, 0);
            return;
        }
        if (op == DIV || op == MOD) {
            if (fromX) {
                out.jump(JMP32 | JEQ | EbpfCode.K, X, 0, 0, reject); // classic BPF: division by zero rejects
            } else if (k == 0) {
                out.jump(JMP | JA, 0, 0, 0, reject);
                return;
            }
        }
        if (op == LSH || op == RSH) {
            shift(op, fromX, k);
            return;
        }
        if (fromX) {
            out.alu32Reg(op, A, X);
        } else {
            out.alu32Imm(op, A, k);
        }
    }

    /** libpcap's interpreter shifts by 32 or more to 0; eBPF would shift by the count modulo 32. */
    private void shift(int op, boolean fromX, int k) {
        if (!fromX) {
            if (Integer.compareUnsigned(k, 32) >= 0) {
                out.alu32Imm(MOV, A, 0);
            } else {
                out.alu32Imm(op, A, k);
            }
            return;
        }
        int tooFar = out.newLabel();
        int done = out.newLabel();
        out.jump(JMP32 | JGE | EbpfCode.K, X, 0, 32, tooFar);
        out.alu32Reg(op, A, X);
        out.jump(JMP | JA, 0, 0, 0, done);
        out.place(tooFar);
        out.alu32Imm(MOV, A, 0);
        out.place(done);
    }

    private void jump(ClassicInsn insn, int index, int[] labels) {
        int op = insn.code() & 0xf0;
        if (op == JA) {
            out.jump(JMP | JA, 0, 0, 0, target(labels, index + 1 + Integer.toUnsignedLong(insn.k())));
            return;
        }
        boolean fromX = (insn.code() & SRC_X) != 0;
        int onTrue = target(labels, index + 1 + insn.jt());
        if (fromX) {
            out.jump(JMP32 | op | EbpfCode.X, A, X, 0, onTrue);
        } else {
            out.jump(JMP32 | op | EbpfCode.K, A, 0, insn.k(), onTrue);
        }
        if (insn.jf() != 0) {
            out.jump(JMP | JA, 0, 0, 0, target(labels, index + 1 + insn.jf()));
        }
    }

    /** libpcap's interpreter lets an unsigned jump wrap around into a loop (protochain); the verifier would not. */
    private static int target(int[] labels, long index) {
        if (index >= labels.length) {
            throw new IllegalArgumentException("it loops (jumps backwards, as protochain does), which "
                    + "the kernel's verifier cannot bound: use 'ip proto' / 'ip6 proto' instead");
        }
        return labels[(int) index];
    }

    private void ret(int code, int k) {
        switch (code & 0x18) {
            case RVAL_K -> out.exitWith(k);
            case RVAL_A -> {
                out.alu32Reg(MOV, 0, A);
                out.emit(JMP | EbpfCode.EXIT, 0, 0, 0, 0);
            }
            default -> throw new IllegalArgumentException("classic BPF return of X");
        }
    }
}
