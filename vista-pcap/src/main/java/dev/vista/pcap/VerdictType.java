package dev.vista.pcap;

/**
 * Who gave the verdict an Enhanced Packet Block's {@code epb_verdict} option carries (the pcapng draft's verdict
 * types): a BPF program's return value on TC or on XDP. Wireshark shows them as {@code frame.verdict.ebpf_tc} and
 * {@code frame.verdict.ebpf_xdp}.
 */
public enum VerdictType {
    /** The return value of a BPF program on TC ({@code TC_ACT_*}). */
    EBPF_TC(1),
    /** The return value of a BPF program on XDP ({@code XDP_*}). */
    EBPF_XDP(2);

    private final int code;

    VerdictType(int code) {
        this.code = code;
    }

    /** The verdict's type octet, before its 8-byte value. */
    public int code() {
        return code;
    }
}
