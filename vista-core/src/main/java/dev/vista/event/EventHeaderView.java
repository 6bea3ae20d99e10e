package dev.vista.event;

/**
 * The fields every event's record carries (packets, sockets, TCP connections), read in place: a
 * zero-copy view valid only during the callback that receives it. Nothing here allocates: addresses come
 * as an {@code int} (IPv4) or copied into the caller's array, names compared or copied as bytes.
 */
public interface EventHeaderView {
    /** CLOCK_MONOTONIC nanoseconds of the event (the clock of {@link System#nanoTime()}). */
    long timestampNs();

    int cpu();

    /** The process (tgid) running when the event happened; for softirq work, whichever was interrupted. */
    int pid();

    /** True when the running task's name ({@code /proc/PID/comm}) is {@code name}. */
    boolean commEquals(CharSequence name);

    /** Copies the task's name (its bytes, without the NUL, at most 15) to {@code target}; returns how many. */
    int copyComm(byte[] target, int offset);

    /** The network namespace's inode. */
    long netns();

    /** The skb's mark; for socket events, the socket's. */
    long mark();

    /** 4, 6, or 0 when the event has no IP addresses (then the address accessors read zeros). */
    int ipVersion();

    /** IPPROTO_TCP (6), IPPROTO_UDP (17), IPPROTO_ICMP (1), IPPROTO_ICMPV6 (58), ... */
    int l4Protocol();

    /** An IPv4 source address as a big-endian int (10.0.0.1 is 0x0a000001); only meaningful when ipVersion() is 4. */
    int sourceIpv4();

    /** An IPv4 destination address as a big-endian int; only meaningful when ipVersion() is 4. */
    int destinationIpv4();

    /** Copies the source address (4 bytes for IPv4, 16 for IPv6, in network order) to {@code target}; returns how many (0 when not IP). */
    int copySourceAddress(byte[] target, int offset);

    /** Copies the destination address to {@code target} as {@link #copySourceAddress} does; returns how many. */
    int copyDestinationAddress(byte[] target, int offset);

    /** TCP or UDP source port (socket events: the local port). */
    int sourcePort();

    /** TCP or UDP destination port (socket events: the remote port). */
    int destinationPort();
}
