package dev.vista.internal.pcapfilter;

import dev.vista.internal.bpf.BpfResources;
import dev.vista.internal.libbpf.BpfObject;
import dev.vista.internal.libbpf.BpfProgram;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A translated filter loaded into the kernel inside pcap_test_run.bpf.o and run on given packets
 * with BPF_PROG_TEST_RUN: the very code the tracing programs splice in, from an Ethernet start or
 * an IP start. For the differential test against libpcap and the per-packet benchmark. Not thread-safe.
 */
public final class KernelPcapFilter implements AutoCloseable {
    private static final int MAX_PACKET = 4096;
    private final BpfObject object;
    private final BpfProgram fromEthernet;
    private final BpfProgram fromIp;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment buffer = arena.allocate(MAX_PACKET);

    public KernelPcapFilter(PcapFilter filter) {
        object = BpfObject.open("vista_pcap_test_run", filter.spliceInto(BpfResources.bytes("pcap_test_run.bpf.o")));
        try {
            object.load();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        fromEthernet = object.program("vista_pcap_test_l2");
        fromIp = object.program("vista_pcap_test_l3");
    }

    /**
     * Whether an Ethernet frame (at least 14 bytes: the kernel builds its skb from it) matches, read
     * from its Ethernet header or, for {@link LinkType#IP}, from the header after it.
     */
    public boolean matches(byte[] frame, int length, LinkType start) {
        return run(frame, length, start, 1).returnValue() != 0;
    }

    /** Mean kernel time of one run of the filter program over {@code repeat} runs. */
    public long nanosPerRun(byte[] frame, int length, LinkType start, int repeat) {
        return run(frame, length, start, repeat).nanosPerRun();
    }

    private BpfProgram.TestRun run(byte[] frame, int length, LinkType start, int repeat) {
        MemorySegment.copy(frame, 0, buffer, ValueLayout.JAVA_BYTE, 0, length);
        BpfProgram program = start == LinkType.ETHERNET ? fromEthernet : fromIp;
        return program.testRun(buffer.asSlice(0, length), repeat);
    }

    @Override
    public void close() {
        object.close();
        arena.close();
    }
}
