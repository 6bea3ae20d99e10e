package dev.vista;

import java.net.InetAddress;
import java.time.Duration;

/**
 * Which events a trace keeps: every filter the kernel applies before an event reaches the ring. Zero
 * or null means "any". Immutable; {@link TracerBuilder}'s {@code filter...} methods fill it (and check
 * each value), the kernel configuration is written from it. A final class rather than a record, so a
 * new filter is a new accessor and breaks no caller.
 */
public final class Filters {
    private final long netnsInode;
    private final Long mark;
    private final Protocol protocol;
    private final int port;
    private final InetAddress address;
    private final String ifname;
    private final Long skMark;
    private final int pid;
    private final String comm;
    private final Integer icmpId;
    private final String pcapFilter;
    private final boolean trackSkb;
    private final Duration tcpMinLifetime;

    private Filters(Builder b) {
        netnsInode = b.netnsInode;
        mark = b.mark;
        protocol = b.protocol;
        port = b.port;
        address = b.address;
        ifname = b.ifname;
        skMark = b.skMark;
        pid = b.pid;
        comm = b.comm;
        icmpId = b.icmpId;
        pcapFilter = b.pcapFilter;
        trackSkb = b.trackSkb;
        tcpMinLifetime = b.tcpMinLifetime;
    }

    /** Only packets in the network namespace with this inode, or 0 for any. */
    public long netnsInode() {
        return netnsInode;
    }

    /** Only packets with this skb mark, or null for any. */
    public Long mark() {
        return mark;
    }

    /** Only this L4 protocol, or null for any. */
    public Protocol protocol() {
        return protocol;
    }

    /** Only packets with this source or destination port, or 0 for any. */
    public int port() {
        return port;
    }

    /** Only packets from or to this address, or null for any. */
    public InetAddress address() {
        return address;
    }

    /** Only packets on this interface (in the netns filtered on, else the tracer's), or null. */
    public String ifname() {
        return ifname;
    }

    /** Only packets whose socket has this mark (sk_mark), or null for any. */
    public Long skMark() {
        return skMark;
    }

    /** Only events in this process (tgid), or 0 for any. */
    public int pid() {
        return pid;
    }

    /** Only events in tasks with this command name, or null for any. */
    public String comm() {
        return comm;
    }

    /** Only ICMP/ICMPv6 packets with this echo id, or null for any. */
    public Integer icmpId() {
        return icmpId;
    }

    /** Only packets matching this pcap-filter expression (man 7 pcap-filter), or null. */
    public String pcapFilter() {
        return pcapFilter;
    }

    /** Once a packet matched, follow it even when it no longer matches (after NAT, ...). */
    public boolean trackSkb() {
        return trackSkb;
    }

    /** Only TCP connections that lived at least this long (zero: all). */
    public Duration tcpMinLifetime() {
        return tcpMinLifetime;
    }

    /** The filters being chosen: {@link TracerBuilder} checks each value before it sets it here. */
    static final class Builder {
        long netnsInode;
        Long mark;
        Protocol protocol;
        int port;
        InetAddress address;
        String ifname;
        Long skMark;
        int pid;
        String comm;
        Integer icmpId;
        String pcapFilter;
        boolean trackSkb;
        Duration tcpMinLifetime = Duration.ZERO;

        Filters build() {
            return new Filters(this);
        }
    }
}
