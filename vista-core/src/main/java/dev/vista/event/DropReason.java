package dev.vista.event;

/**
 * Why the kernel freed a packet, as the running kernel names it in {@code enum skb_drop_reason}
 * (values differ between kernels, so the name is what to compare). The name is given without
 * the {@code SKB_DROP_REASON_} prefix, e.g. {@code NO_SOCKET}, {@code NETFILTER_DROP}.
 */
public record DropReason(int value, String name) {
    public static final String NO_SOCKET = "NO_SOCKET";
    public static final String NETFILTER_DROP = "NETFILTER_DROP";
    public static final String NOT_SPECIFIED = "NOT_SPECIFIED";

    public boolean is(String reasonName) {
        return name.equalsIgnoreCase(reasonName);
    }

    @Override
    public String toString() {
        return name;
    }
}
