package dev.vista.event;

/** How a netfilter verdict was observed. */
public enum NetfilterWay {
    /**
     * Netfilter BPF links (Linux 6.4+) just before and just after the table's hook: works without kernel-function
     * probes, for IPv4 and IPv6 hooks only (the kernel refuses links at ARP and bridge hooks: such tables are named
     * in a warning and not reported). ACCEPT is "seen after the table", DROP "freed with the netfilter drop reason
     * in between", STOLEN neither.
     */
    NETFILTER_LINK,
    /**
     * Entry and return of the table's kernel function (ipt_do_table, ip6t_do_table, arpt_do_table, nft_do_chain),
     * where kprobes work, for IPv4, IPv6, ARP and bridge tables: the return value is the verdict (nft_do_chain's
     * drop, NF_STOLEN with an errno after freeing the packet itself, is reported as DROP), the time between entry
     * and return the cost.
     */
    FUNCTION
}
