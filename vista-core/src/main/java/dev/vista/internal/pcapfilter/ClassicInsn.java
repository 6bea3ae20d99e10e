package dev.vista.internal.pcapfilter;

/** One classic BPF instruction ({@code struct bpf_insn}): opcode, jump offsets if true/false, constant. */
public record ClassicInsn(int code, int jt, int jf, int k) {
    public int instructionClass() {
        return code & 0x07;
    }
}
