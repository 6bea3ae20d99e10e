package dev.vista.event;

/**
 * A zero-copy view of one netfilter verdict ({@link NetfilterEvent}'s fields) while it is still in the ring
 * buffer: valid only during the callback that receives it. Nothing here allocates.
 */
public interface NetfilterEventView {
    /** The packet when the verdict was seen: time, task, netns, mark, addresses and ports (after a NAT table, the new ones). */
    EventHeaderView header();

    /** The kernel address of the sk_buff. */
    long skb();

    /** The table that decided (a shared instance), or null for a position this tracer did not attach. */
    NetfilterTable table();

    /** The verdict, or null for a value this version does not know. */
    NetfilterVerdict verdict();

    NetfilterWay way();

    /** From just before the table to its verdict, nanoseconds. */
    long costNanos();

    /** The raw {@code enum skb_drop_reason} value the packet was freed with (DROP and STOLEN), else 0. */
    int dropReasonValue();

    /** The source port before the table (a NAT table may change it). */
    int sourcePortBefore();

    /** The destination port before the table (DNAT may change it). */
    int destinationPortBefore();

    /** Copies the source address before the table (4 or 16 bytes) to {@code target}; returns how many. */
    int copySourceAddressBefore(byte[] target, int offset);

    /** Copies the destination address before the table to {@code target}; returns how many. */
    int copyDestinationAddressBefore(byte[] target, int offset);
}
