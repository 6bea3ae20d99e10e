package dev.vista.netns;

/**
 * The BPF programs this module carries for tests of TC and XDP tracing (C sources in src/main/bpf, built
 * by clang-19 into {@code dev/vista/netns/bpf/}), attached the way users attach theirs with
 * {@link NetworkNamespace#attachTc} and {@link NetworkNamespace#attachXdp}. IPv4 without IP options only.
 */
public enum TestProgram {
    /** TC: drops ICMP ({@code TC_ACT_SHOT}), passes everything else ({@code TC_ACT_OK}). */
    DROP_ICMP(Hook.TC, "tc_drop_icmp.bpf.o", "tc", "drop_icmp"),
    /**
     * TC: rewrites the destination port of UDP datagrams to {@link #REWRITE_FROM_PORT} into
     * {@link #REWRITE_TO_PORT} (checksum fixed) and passes every packet ({@code TC_ACT_OK}). Its name is
     * longer than the 15 characters the kernel keeps: the whole name is only in the program's BTF.
     */
    REWRITE_UDP_PORT(Hook.TC, "tc_rewrite_udp_port.bpf.o", "tc", "rewrite_udp_port_7001"),
    /** XDP: drops UDP datagrams to {@link #XDP_DROP_PORT} ({@code XDP_DROP}), passes the rest ({@code XDP_PASS}). */
    XDP_DROP_UDP_PORT(Hook.XDP, "xdp_drop_udp_port.bpf.o", "xdp", "xdp_drop_udp");

    public static final int REWRITE_FROM_PORT = 7001;
    public static final int REWRITE_TO_PORT = 7002;
    public static final int XDP_DROP_PORT = 7003;
    /** {@code BPF_OBJ_NAME_LEN} - 1: what the kernel keeps of a program's name. */
    private static final int KERNEL_NAME_CHARS = 15;

    /** Where a program attaches. */
    public enum Hook {
        TC,
        XDP
    }

    private final Hook hook;
    private final String resource;
    private final String section;
    private final String function;

    TestProgram(Hook hook, String resource, String section, String function) {
        this.hook = hook;
        this.resource = resource;
        this.section = section;
        this.function = function;
    }

    public Hook hook() {
        return hook;
    }

    /** The class-path resource of its BPF object. */
    public String resource() {
        return "/dev/vista/netns/bpf/" + resource;
    }

    /** The ELF section of the program ({@code sec} of {@code tc filter add} and {@code ip link set xdp}). */
    public String section() {
        return section;
    }

    /** Its C function's name: the program's name in its BTF. */
    public String function() {
        return function;
    }

    /** Its name as the kernel lists it ({@code bpftool prog}, {@code bpf_prog_info.name}): at most 15 characters. */
    public String kernelName() {
        return function.length() <= KERNEL_NAME_CHARS ? function : function.substring(0, KERNEL_NAME_CHARS);
    }
}
