package dev.vista.event;

import java.time.Duration;
import java.util.Objects;

/**
 * What one netfilter table (an iptables table or an nftables base chain at one hook) decided about one
 * packet, and how long it took: an immutable copy, safe to keep and share. A final class with accessors,
 * built with {@link #builder()}, so that a new field breaks no caller.
 */
public final class NetfilterEvent {
    private final long timestampNs;
    private final long epochNanos;
    private final int cpu;
    private final int pid;
    private final String comm;
    private final long skb;
    private final long netns;
    private final long mark;
    private final int ifindex;
    private final String ifname;
    private final int len;
    private final int protocol;
    private final int pktType;
    private final NetfilterTable table;
    private final NetfilterVerdict verdict;
    private final NetfilterWay way;
    private final long costNanos;
    private final Tuple tuple;
    private final Tuple tupleBefore;
    private final DropReason dropReason;

    private NetfilterEvent(Builder b) {
        timestampNs = b.timestampNs;
        epochNanos = b.epochNanos;
        cpu = b.cpu;
        pid = b.pid;
        comm = Objects.requireNonNull(b.comm, "comm");
        skb = b.skb;
        netns = b.netns;
        mark = b.mark;
        ifindex = b.ifindex;
        ifname = Objects.requireNonNull(b.ifname, "ifname");
        len = b.len;
        protocol = b.protocol;
        pktType = b.pktType;
        table = Objects.requireNonNull(b.table, "table");
        verdict = Objects.requireNonNull(b.verdict, "verdict");
        way = Objects.requireNonNull(b.way, "way");
        costNanos = b.costNanos;
        tuple = b.tuple;
        tupleBefore = b.tupleBefore;
        dropReason = b.dropReason;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** CLOCK_MONOTONIC nanoseconds when the verdict was seen (the clock of {@link System#nanoTime()}). */
    public long timestampNs() {
        return timestampNs;
    }

    /** The same moment on the wall clock, nanoseconds since the epoch. */
    public long epochNanos() {
        return epochNanos;
    }

    public int cpu() {
        return cpu;
    }

    /** The process (tgid) running when the verdict was seen; for softirq work, whichever was interrupted. */
    public int pid() {
        return pid;
    }

    public String comm() {
        return comm;
    }

    /** The kernel address of the sk_buff (follows the packet across skb events). */
    public long skb() {
        return skb;
    }

    /** The inode of the packet's network namespace. */
    public long netns() {
        return netns;
    }

    public long mark() {
        return mark;
    }

    public int ifindex() {
        return ifindex;
    }

    /** The packet's device, empty when it has none yet (early output path). */
    public String ifname() {
        return ifname;
    }

    public int len() {
        return len;
    }

    /** The ethertype (0x0800 IPv4, 0x86dd IPv6, 0x0806 ARP). */
    public int protocol() {
        return protocol;
    }

    /** The skb's packet type (PACKET_HOST 0, PACKET_BROADCAST 1, ... PACKET_OUTGOING 4, PACKET_LOOPBACK 5). */
    public int pktType() {
        return pktType;
    }

    /** The table (and nftables chain) that decided, with its family, hook and priority. */
    public NetfilterTable table() {
        return table;
    }

    public NetfilterFamily family() {
        return table.family();
    }

    public NetfilterHook hook() {
        return table.hook();
    }

    public NetfilterVerdict verdict() {
        return verdict;
    }

    /** How the verdict was observed. */
    public NetfilterWay way() {
        return way;
    }

    /** From just before the table to its verdict. */
    public Duration cost() {
        return Duration.ofNanos(costNanos);
    }

    public long costNanos() {
        return costNanos;
    }

    /**
     * The packet's addresses and ports when the verdict was seen (after a NAT table: the translated ones), or null
     * when not IP.
     */
    public Tuple tuple() {
        return tuple;
    }

    /** The packet's addresses and ports just before the table, or null when not IP. */
    public Tuple tupleBefore() {
        return tupleBefore;
    }

    /** For DROP and STOLEN: the reason the kernel freed the packet with (NETFILTER_DROP for a DROP), else null. */
    public DropReason dropReason() {
        return dropReason;
    }

    public boolean isDrop() {
        return verdict == NetfilterVerdict.DROP;
    }

    @Override
    public String toString() {
        return table.family().pfName() + " table=" + table.table() + (table.chain() == null ? "" : " chain="
                + table.chain()) + " hook=" + table.hook() + " verdict=" + verdict + " cost=" + costNanos + "ns"
                + (tuple == null ? "" : " " + tuple);
    }

    /** Fills a {@link NetfilterEvent}; comm, ifname, table, verdict and way are required. */
    public static final class Builder {
        private long timestampNs;
        private long epochNanos;
        private int cpu;
        private int pid;
        private String comm = "";
        private long skb;
        private long netns;
        private long mark;
        private int ifindex;
        private String ifname = "";
        private int len;
        private int protocol;
        private int pktType;
        private NetfilterTable table;
        private NetfilterVerdict verdict;
        private NetfilterWay way;
        private long costNanos;
        private Tuple tuple;
        private Tuple tupleBefore;
        private DropReason dropReason;

        private Builder() {
        }

        public Builder timestampNs(long value) {
            timestampNs = value;
            return this;
        }

        public Builder epochNanos(long value) {
            epochNanos = value;
            return this;
        }

        public Builder cpu(int value) {
            cpu = value;
            return this;
        }

        public Builder pid(int value) {
            pid = value;
            return this;
        }

        public Builder comm(String value) {
            comm = value;
            return this;
        }

        public Builder skb(long value) {
            skb = value;
            return this;
        }

        public Builder netns(long value) {
            netns = value;
            return this;
        }

        public Builder mark(long value) {
            mark = value;
            return this;
        }

        public Builder ifindex(int value) {
            ifindex = value;
            return this;
        }

        public Builder ifname(String value) {
            ifname = value;
            return this;
        }

        public Builder len(int value) {
            len = value;
            return this;
        }

        public Builder protocol(int value) {
            protocol = value;
            return this;
        }

        public Builder pktType(int value) {
            pktType = value;
            return this;
        }

        public Builder table(NetfilterTable value) {
            table = value;
            return this;
        }

        public Builder verdict(NetfilterVerdict value) {
            verdict = value;
            return this;
        }

        public Builder way(NetfilterWay value) {
            way = value;
            return this;
        }

        public Builder costNanos(long value) {
            costNanos = value;
            return this;
        }

        public Builder tuple(Tuple value) {
            tuple = value;
            return this;
        }

        public Builder tupleBefore(Tuple value) {
            tupleBefore = value;
            return this;
        }

        public Builder dropReason(DropReason value) {
            dropReason = value;
            return this;
        }

        public NetfilterEvent build() {
            return new NetfilterEvent(this);
        }
    }
}
