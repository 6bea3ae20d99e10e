package dev.vista.internal.pcapfilter;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/** libpcap's structs as {@code <pcap/pcap.h>} and {@code <pcap/bpf.h>} lay them out on x86-64; PcapLayoutsTest compares. */
public final class PcapLayouts {
    /** {@code struct bpf_insn}: one classic BPF instruction, 8 bytes. */
    public static final StructLayout BPF_INSN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("code"),
            JAVA_BYTE.withName("jt"),
            JAVA_BYTE.withName("jf"),
            JAVA_INT.withName("k"))
            .withName("bpf_insn");

    /** {@code struct bpf_program}: 16 bytes. */
    public static final StructLayout BPF_PROGRAM = MemoryLayout.structLayout(
            JAVA_INT.withName("bf_len"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("bf_insns"))
            .withName("bpf_program");

    /** {@code struct pcap_pkthdr}: a struct timeval (two longs), caplen, len; 24 bytes. */
    public static final StructLayout PCAP_PKTHDR = MemoryLayout.structLayout(
            JAVA_LONG.withName("ts_sec"),
            JAVA_LONG.withName("ts_usec"),
            JAVA_INT.withName("caplen"),
            JAVA_INT.withName("len"))
            .withName("pcap_pkthdr");

    private PcapLayouts() {
    }
}
