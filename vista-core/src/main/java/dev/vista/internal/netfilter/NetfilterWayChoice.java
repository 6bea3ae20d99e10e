package dev.vista.internal.netfilter;

import dev.vista.KernelFeatureException;
import dev.vista.event.NetfilterWay;

/**
 * Which way a trace observes netfilter verdicts, from what the kernel was seen to do: the function way where
 * kprobes work (it sees the tables of every namespace, ARP and bridge ones too), the netfilter-link way otherwise
 * (IPv4 and IPv6 hooks only). Whether links work shows when their programs load; that failure names both ways
 * ({@link NetfilterObservers#explain}).
 */
public final class NetfilterWayChoice {
    /** The function way and what it needs, as errors name it. */
    static final String FUNCTION_WAY = "kernel-function probes (kprobes) on ipt_do_table/ip6t_do_table/"
            + "arpt_do_table/nft_do_chain";

    private NetfilterWayChoice() {
    }

    /**
     * @param requested          the way asked for, or null to choose
     * @param kprobesUnavailable null when a kprobe and kretprobe attach here, else why they do not
     */
    public static NetfilterWay choose(NetfilterWay requested, String kprobesUnavailable) {
        if (requested == NetfilterWay.FUNCTION && kprobesUnavailable != null) {
            throw new KernelFeatureException("the function way of netfilter tracing needs " + FUNCTION_WAY
                    + ", which this kernel refused (" + kprobesUnavailable + "); use NetfilterWay.NETFILTER_LINK "
                    + "(netfilter BPF links, Linux 6.4+) or let the way be chosen");
        }
        if (requested != null) {
            return requested;
        }
        return kprobesUnavailable == null ? NetfilterWay.FUNCTION : NetfilterWay.NETFILTER_LINK;
    }
}
