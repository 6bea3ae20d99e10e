package dev.vista.internal.pcapfilter;

import static dev.vista.internal.pcapfilter.EbpfCode.DW;
import static dev.vista.internal.pcapfilter.EbpfCode.JEQ;
import static dev.vista.internal.pcapfilter.EbpfCode.JMP;
import static dev.vista.internal.pcapfilter.EbpfCode.MOV;

import dev.vista.PcapFilterException;
import java.util.List;

/**
 * A pcap-filter expression compiled by libpcap for an Ethernet start and an IP start, translated to
 * the eBPF body of {@code vista_pcap_filter(link_layer, base, end, len)} (vista-bpf's pcap_filter.h),
 * which returns non-zero for a match. An expression that only makes sense with a link-layer header
 * (ether host, arp, vlan) compiles for Ethernet only, and then rejects packets without one.
 */
public final class PcapFilter {
    /** The placeholder function of the BPF objects whose body this replaces. */
    public static final String FUNCTION = "vista_pcap_filter";
    /** Beyond this many instructions the verifier's limits come into view; refused up front with advice. */
    public static final int MAX_INSTRUCTIONS = 32_000;

    private final String expression;
    private final int classicInstructions;
    private final byte[] code;

    private PcapFilter(String expression, int classicInstructions, byte[] code) {
        this.expression = expression;
        this.classicInstructions = classicInstructions;
        this.code = code;
    }

    /**
     * Compiles and translates {@code expression}.
     *
     * @throws PcapFilterException with libpcap's message when it does not compile, or when it is too large
     */
    public static PcapFilter compile(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new PcapFilterException(String.valueOf(expression), "empty: give an expression such as 'tcp port 443'");
        }
        List<ClassicInsn> ethernet = PcapCompiler.compile(expression, LinkType.ETHERNET);
        List<ClassicInsn> ip;
        try {
            ip = PcapCompiler.compile(expression, LinkType.IP);
        } catch (PcapFilterException e) {
            ip = null; // needs a link-layer header
        }
        EbpfCode out = new EbpfCode();
        int reject = out.newLabel();
        int ipStart = out.newLabel();
        // vista_pcap_filter(r1 = link_layer, r2 = base, r3 = end, r4 = len)
        out.alu64Reg(MOV, ClassicTranslator.BASE, 2);
        out.alu64Reg(MOV, ClassicTranslator.END_REG, 3);
        out.store(DW, ClassicTranslator.FP, ClassicTranslator.LEN_SLOT, 4);
        out.jump(JMP | JEQ | EbpfCode.K, 1, 0, 0, ipStart);
        ClassicTranslator translator = new ClassicTranslator(out, reject);
        try {
            translator.translate(ethernet);
            out.place(ipStart);
            if (ip != null) {
                translator.translate(ip);
            } else {
                out.jump(JMP | EbpfCode.JA, 0, 0, 0, reject);
            }
            if (out.isTarget(reject)) {
                out.place(reject);
                out.exitWith(0);
            }
            if (out.size() > MAX_INSTRUCTIONS) {
                throw new IllegalStateException(out.size() + " eBPF instructions");
            }
            int classic = ethernet.size() + (ip == null ? 0 : ip.size());
            return new PcapFilter(expression, classic, out.toBytes());
        } catch (IllegalArgumentException e) {
            throw new PcapFilterException(expression, "libpcap's code cannot run in the kernel: " + e.getMessage());
        } catch (IllegalStateException e) {
            throw new PcapFilterException(expression, "too large for the kernel's verifier (" + e.getMessage()
                    + ", at most " + MAX_INSTRUCTIONS + "): split it, or filter on fewer hosts/ports");
        }
    }

    public String expression() {
        return expression;
    }

    /** Classic BPF instructions libpcap produced (both starting points). */
    public int classicInstructions() {
        return classicInstructions;
    }

    /** eBPF instructions of the function body. */
    public int instructions() {
        return code.length / 8;
    }

    /** The function body (struct bpf_insn array). */
    public byte[] code() {
        return code.clone();
    }

    /** {@code elf} (a BPF object holding the placeholder) with this filter spliced in. */
    public byte[] spliceInto(byte[] elf) {
        return ElfFunctionSplice.replaceLastTextFunction(elf, FUNCTION, code);
    }
}
