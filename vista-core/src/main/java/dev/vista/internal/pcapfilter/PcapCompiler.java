package dev.vista.internal.pcapfilter;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.vista.internal.libc.NativeCalls;
import dev.vista.PcapFilterException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Compiles pcap-filter expressions with libpcap itself (pcap_open_dead + pcap_compile, optimized). */
public final class PcapCompiler {
    /** libpcap's largest snapshot length: what a matching filter returns. */
    public static final int SNAPLEN = 262144;

    private PcapCompiler() {
    }

    /** The classic BPF of {@code expression} for packets starting at {@code linkType}. */
    public static List<ClassicInsn> compile(String expression, LinkType linkType) {
        return withCompiled(expression, linkType, PcapCompiler::read);
    }

    /**
     * Compiles into native memory and hands the {@code struct bpf_program} to {@code use}; frees it after.
     * Throws {@link PcapFilterException} with libpcap's message when the expression does not compile.
     */
    @SuppressWarnings("restricted") // libpcap's NUL-terminated error string
    static synchronized <T> T withCompiled(String expression, LinkType linkType, Function<MemorySegment, T> use) {
        MemorySegment pcap = Libpcap.pcap_open_dead(linkType.dlt(), SNAPLEN);
        if (pcap.equals(MemorySegment.NULL)) {
            throw new OutOfMemoryError("pcap_open_dead returned NULL");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment program = arena.allocate(PcapLayouts.BPF_PROGRAM);
            if (Libpcap.pcap_compile(pcap, program, arena.allocateFrom(expression), 1,
                    Libpcap.PCAP_NETMASK_UNKNOWN) != 0) {
                String message = Libpcap.pcap_geterr(pcap).reinterpret(Integer.MAX_VALUE).getString(0);
                throw new PcapFilterException(expression, message);
            }
            try {
                return use.apply(program);
            } finally {
                Libpcap.pcap_freecode(program);
            }
        } finally {
            Libpcap.pcap_close(pcap);
        }
    }

    @SuppressWarnings("restricted") // libpcap's instruction array, sized by its count
    private static List<ClassicInsn> read(MemorySegment program) {
        int count = program.get(JAVA_INT, NativeCalls.offset(PcapLayouts.BPF_PROGRAM, "bf_len"));
        long size = PcapLayouts.BPF_INSN.byteSize();
        MemorySegment insns = program.get(ADDRESS, NativeCalls.offset(PcapLayouts.BPF_PROGRAM, "bf_insns"))
                .reinterpret(count * size);
        List<ClassicInsn> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long at = i * size;
            result.add(new ClassicInsn(
                    Short.toUnsignedInt(insns.get(JAVA_SHORT, at + NativeCalls.offset(PcapLayouts.BPF_INSN, "code"))),
                    Byte.toUnsignedInt(insns.get(JAVA_BYTE, at + NativeCalls.offset(PcapLayouts.BPF_INSN, "jt"))),
                    Byte.toUnsignedInt(insns.get(JAVA_BYTE, at + NativeCalls.offset(PcapLayouts.BPF_INSN, "jf"))),
                    insns.get(JAVA_INT, at + NativeCalls.offset(PcapLayouts.BPF_INSN, "k"))));
        }
        return List.copyOf(result);
    }
}
