package dev.vista.event;

/** What a netfilter table decided about a packet: the kernel's {@code NF_*} verdicts, in their order. */
public enum NetfilterVerdict {
    /** The table dropped the packet. */
    DROP,
    /** The table let the packet pass to the next table or hook. */
    ACCEPT,
    /** The table took the packet (it was neither seen after the table nor dropped with the netfilter reason). */
    STOLEN,
    /** The table queued the packet to user space. */
    QUEUE,
    /** The table asked for the hook to run again. */
    REPEAT,
    /** The table accepted the packet and skipped the rest of the hook. */
    STOP;

    private static final NetfilterVerdict[] ALL = values();

    /** The verdict the kernel numbers {@code value} (NF_DROP 0 ... NF_STOP 5), or null. */
    public static NetfilterVerdict ofValue(int value) {
        return value >= 0 && value < ALL.length ? ALL[value] : null;
    }
}
