package dev.vista.event;

import java.util.List;
import java.util.Objects;

/**
 * One packet seen at one tracepoint or kernel function: an immutable copy, safe to keep and share across
 * threads. Made with {@link #builder()} (a final class rather than a record, so that a field can be added
 * without breaking the code that makes events, e.g. tests).
 */
public final class TraceEvent extends KernelEvent {
    private final int cpu;
    private final EventSource source;
    private final long skb;
    private final Tracepoint tracepoint;
    private final String function;
    private final ProgramCall program;
    private final String location;
    private final long mark;
    private final int ifindex;
    private final String ifname;
    private final int len;
    private final int mtu;
    private final int protocol;
    private final int pktType;
    private final Tuple tuple;
    private final DropReason dropReason;
    private final List<StackFrame> stack;
    private final KernelStruct skbStruct;
    private final KernelStruct sharedInfo;
    private final CapturedPacket packet;

    private TraceEvent(Builder builder) {
        super(builder);
        this.cpu = builder.cpu;
        this.source = builder.source;
        this.skb = builder.skb;
        this.tracepoint = builder.tracepoint;
        this.function = builder.function;
        this.program = builder.program;
        this.location = builder.location;
        this.mark = builder.mark;
        this.ifindex = builder.ifindex;
        this.ifname = builder.ifname;
        this.len = builder.len;
        this.mtu = builder.mtu;
        this.protocol = builder.protocol;
        this.pktType = builder.pktType;
        this.tuple = builder.tuple;
        this.dropReason = builder.dropReason;
        this.stack = List.copyOf(builder.stack);
        this.skbStruct = builder.skbStruct;
        this.sharedInfo = builder.sharedInfo;
        this.packet = builder.packet;
    }

    /** A builder with every field zero, null or empty (the stack). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this event's fields: a copy with some of them changed. */
    public Builder toBuilder() {
        Builder builder = copyTo(new Builder());
        builder.cpu = cpu;
        builder.source = source;
        builder.skb = skb;
        builder.tracepoint = tracepoint;
        builder.function = function;
        builder.program = program;
        builder.location = location;
        builder.mark = mark;
        builder.ifindex = ifindex;
        builder.ifname = ifname;
        builder.len = len;
        builder.mtu = mtu;
        builder.protocol = protocol;
        builder.pktType = pktType;
        builder.tuple = tuple;
        builder.dropReason = dropReason;
        builder.stack = stack;
        builder.skbStruct = skbStruct;
        builder.sharedInfo = sharedInfo;
        builder.packet = packet;
        return builder;
    }

    /** The CPU the probe ran on. */
    public int cpu() {
        return cpu;
    }

    /** The kind of probe that saw it. */
    public EventSource source() {
        return source;
    }

    /**
     * The kernel address of the sk_buff (follows one packet across tracepoints and functions); for an XDP program's
     * event, of the {@code xdp_buff} (there is no skb yet).
     */
    public long skb() {
        return skb;
    }

    /** Where a tracepoint event was seen, else null. */
    public Tracepoint tracepoint() {
        return tracepoint;
    }

    /** Where a kernel-function event was seen (the function's name), else null. */
    public String function() {
        return function;
    }

    /**
     * For a TC or XDP program's event ({@link EventSource#TC_PROGRAM}, {@link EventSource#XDP_PROGRAM}): which
     * program, entry or exit, and at the exit its verdict and how long it ran; else null.
     */
    public ProgramCall program() {
        return program;
    }

    /** For kfree_skb/consume_skb: the kernel function that freed the packet, else null. */
    public String location() {
        return location;
    }

    /** The packet's mark (skb->mark). */
    public long mark() {
        return mark;
    }

    /** The device's index. */
    public int ifindex() {
        return ifindex;
    }

    /** The device's name. */
    public String ifname() {
        return ifname;
    }

    /** The packet's length (skb->len). */
    public int len() {
        return len;
    }

    /** The device's MTU. */
    public int mtu() {
        return mtu;
    }

    /** The ethertype (0x0800 IPv4, 0x86dd IPv6). */
    public int protocol() {
        return protocol;
    }

    /** The packet type (skb->pkt_type: 0 HOST, 1 BROADCAST, ...). */
    public int pktType() {
        return pktType;
    }

    /** The L3/L4 tuple, or null when the packet is not IP. */
    public Tuple tuple() {
        return tuple;
    }

    /** For kfree_skb: the kernel's reason, else null. */
    public DropReason dropReason() {
        return dropReason;
    }

    /** The kernel stack when requested, else empty. */
    public List<StackFrame> stack() {
        return stack;
    }

    /**
     * The packet's {@code struct sk_buff} as the kernel held it at this event, with {@link dev.vista.Output#SKB};
     * else null. ({@link #skb()} is its address.)
     */
    public KernelStruct skbStruct() {
        return skbStruct;
    }

    /**
     * The packet's {@code struct skb_shared_info} (at skb->head + skb->end), with {@link dev.vista.Output#SHINFO};
     * else null.
     */
    public KernelStruct sharedInfo() {
        return sharedInfo;
    }

    /** The packet's first bytes with {@code capturePackets(snaplen)}, else null. */
    public CapturedPacket packet() {
        return packet;
    }

    public boolean isDrop() {
        return tracepoint == Tracepoint.KFREE_SKB;
    }

    /**
     * For a kernel-function event with a stack ({@link dev.vista.Output#CALLER} or STACK): the frame
     * that called the traced function, e.g. {@code __netif_receive_skb_one_core+0x8d}; else null.
     */
    public String caller() {
        return function == null ? null : StackFrame.callerOf(function, stack);
    }

    /**
     * The tracepoint's or the function's kernel name, or a program's {@code name(tc)} / {@code name(xdp)}: where the
     * packet was seen.
     */
    public String where() {
        return tracepoint != null ? tracepoint.kernelName() : function != null ? function
                : program != null ? program.eventName() : "unknown";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TraceEvent that && sameHeader(that)
                && cpu == that.cpu && Objects.equals(source, that.source) && skb == that.skb
                && Objects.equals(tracepoint, that.tracepoint) && Objects.equals(function, that.function)
                && Objects.equals(program, that.program)
                && Objects.equals(location, that.location) && mark == that.mark && ifindex == that.ifindex
                && Objects.equals(ifname, that.ifname) && len == that.len && mtu == that.mtu
                && protocol == that.protocol && pktType == that.pktType && Objects.equals(tuple, that.tuple)
                && Objects.equals(dropReason, that.dropReason) && Objects.equals(stack, that.stack)
                && Objects.equals(skbStruct, that.skbStruct) && Objects.equals(sharedInfo, that.sharedInfo)
                && Objects.equals(packet, that.packet);
    }

    @Override
    public int hashCode() {
        return 31 * headerHash() + Objects.hash(cpu, source, skb, tracepoint, function, program, location, mark,
                ifindex, ifname, len, mtu, protocol, pktType, tuple, dropReason, stack, skbStruct, sharedInfo, packet);
    }

    @Override
    public String toString() {
        return "TraceEvent[" + headerText() + ", cpu=" + cpu + ", source=" + source + ", skb=" + skb
                + ", tracepoint=" + tracepoint + ", function=" + function
                + (program == null ? "" : ", program=" + program) + ", location=" + location
                + ", mark=" + mark + ", ifindex=" + ifindex + ", ifname=" + ifname + ", len=" + len + ", mtu=" + mtu
                + ", protocol=" + protocol + ", pktType=" + pktType + ", tuple=" + tuple
                + ", dropReason=" + dropReason + ", stack=" + stack + ", packet=" + packet
                + (skbStruct == null ? "" : ", skbStruct=" + skbStruct)
                + (sharedInfo == null ? "" : ", sharedInfo=" + sharedInfo) + "]";
    }

    /** Sets the fields of a {@link TraceEvent} one by one; those not set stay as {@link #builder()} says. */
    public static final class Builder extends KernelEvent.Builder<Builder> {
        private int cpu;
        private EventSource source;
        private long skb;
        private Tracepoint tracepoint;
        private String function;
        private ProgramCall program;
        private String location;
        private long mark;
        private int ifindex;
        private String ifname;
        private int len;
        private int mtu;
        private int protocol;
        private int pktType;
        private Tuple tuple;
        private DropReason dropReason;
        private List<StackFrame> stack = List.of();
        private KernelStruct skbStruct;
        private KernelStruct sharedInfo;
        private CapturedPacket packet;

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        public Builder cpu(int cpu) {
            this.cpu = cpu;
            return this;
        }

        public Builder source(EventSource source) {
            this.source = source;
            return this;
        }

        public Builder skb(long skb) {
            this.skb = skb;
            return this;
        }

        public Builder tracepoint(Tracepoint tracepoint) {
            this.tracepoint = tracepoint;
            return this;
        }

        public Builder function(String function) {
            this.function = function;
            return this;
        }

        public Builder program(ProgramCall program) {
            this.program = program;
            return this;
        }

        public Builder location(String location) {
            this.location = location;
            return this;
        }

        public Builder mark(long mark) {
            this.mark = mark;
            return this;
        }

        public Builder ifindex(int ifindex) {
            this.ifindex = ifindex;
            return this;
        }

        public Builder ifname(String ifname) {
            this.ifname = ifname;
            return this;
        }

        public Builder len(int len) {
            this.len = len;
            return this;
        }

        public Builder mtu(int mtu) {
            this.mtu = mtu;
            return this;
        }

        public Builder protocol(int protocol) {
            this.protocol = protocol;
            return this;
        }

        public Builder pktType(int pktType) {
            this.pktType = pktType;
            return this;
        }

        public Builder tuple(Tuple tuple) {
            this.tuple = tuple;
            return this;
        }

        public Builder dropReason(DropReason dropReason) {
            this.dropReason = dropReason;
            return this;
        }

        public Builder stack(List<StackFrame> stack) {
            this.stack = stack;
            return this;
        }

        public Builder skbStruct(KernelStruct skbStruct) {
            this.skbStruct = skbStruct;
            return this;
        }

        public Builder sharedInfo(KernelStruct sharedInfo) {
            this.sharedInfo = sharedInfo;
            return this;
        }

        public Builder packet(CapturedPacket packet) {
            this.packet = packet;
            return this;
        }

        public TraceEvent build() {
            return new TraceEvent(this);
        }
    }
}
