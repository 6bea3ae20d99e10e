package dev.vista.event;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of loaded BPF programs that see packets and can be traced with fentry/fexit on them. */
public enum PacketProgramType {
    /** {@code BPF_PROG_TYPE_SCHED_CLS} and {@code BPF_PROG_TYPE_SCHED_ACT}: clsact/tcx and tc actions; sees the skb. */
    TC("tc", 3, 4),
    /** {@code BPF_PROG_TYPE_XDP}: sees the xdp_buff, before any skb exists. */
    XDP("xdp", 6);

    private final String label;
    private final int[] kernelTypes;

    PacketProgramType(String label, int... kernelTypes) {
        this.label = label;
        this.kernelTypes = kernelTypes;
    }

    /** What follows the program's name in an event, as vista prints it: {@code name(tc)}, {@code name(xdp)}. */
    public String label() {
        return label;
    }

    /** The name vista prints for a program of this kind: {@code name(tc)}, {@code name(xdp)}. */
    public String eventName(String programName) {
        return programName + "(" + label + ")";
    }

    /** The kind of the kernel's {@code enum bpf_prog_type} value {@code bpfProgType}, if it is one of these. */
    public static Optional<PacketProgramType> of(int bpfProgType) {
        return Arrays.stream(values()).filter(t -> Arrays.stream(t.kernelTypes).anyMatch(k -> k == bpfProgType))
                .findFirst();
    }
}
