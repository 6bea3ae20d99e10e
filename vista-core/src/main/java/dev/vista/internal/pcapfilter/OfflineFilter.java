package dev.vista.internal.pcapfilter;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.vista.internal.libc.NativeCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A filter run by libpcap's own interpreter in user space (pcap_offline_filter): the reference the
 * kernel translation is checked against, and the user-space baseline of the benchmark. Not thread-safe.
 */
public final class OfflineFilter implements AutoCloseable {
    private static final int MAX_PACKET = 65536;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment program;
    private final MemorySegment header;
    private final MemorySegment packet;

    public OfflineFilter(String expression, LinkType linkType) {
        try {
            program = arena.allocate(PcapLayouts.BPF_PROGRAM);
            PcapCompiler.withCompiled(expression, linkType, compiled -> copyProgram(compiled, program));
            header = arena.allocate(PcapLayouts.PCAP_PKTHDR);
            packet = arena.allocate(MAX_PACKET);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    @SuppressWarnings("restricted") // libpcap's instruction array, sized by its count
    private Void copyProgram(MemorySegment compiled, MemorySegment into) {
        int count = compiled.get(JAVA_INT, NativeCalls.offset(PcapLayouts.BPF_PROGRAM, "bf_len"));
        long bytes = count * PcapLayouts.BPF_INSN.byteSize();
        MemorySegment insns = arena.allocate(bytes, 8);
        insns.copyFrom(compiled.get(ADDRESS, NativeCalls.offset(PcapLayouts.BPF_PROGRAM, "bf_insns")).reinterpret(bytes));
        into.set(JAVA_INT, NativeCalls.offset(PcapLayouts.BPF_PROGRAM, "bf_len"), count);
        into.set(ADDRESS, NativeCalls.offset(PcapLayouts.BPF_PROGRAM, "bf_insns"), insns);
        return null;
    }

    /** Whether {@code length} bytes of {@code bytes} from {@code offset}, all captured, match. */
    public boolean matches(byte[] bytes, int offset, int length) {
        MemorySegment.copy(bytes, offset, packet, JAVA_BYTE, 0, length);
        header.set(JAVA_INT, NativeCalls.offset(PcapLayouts.PCAP_PKTHDR, "caplen"), length);
        header.set(JAVA_INT, NativeCalls.offset(PcapLayouts.PCAP_PKTHDR, "len"), length);
        return Libpcap.pcap_offline_filter(program, header, packet) != 0;
    }

    @Override
    public void close() {
        arena.close();
    }
}
