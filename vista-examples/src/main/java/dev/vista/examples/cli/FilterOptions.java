package dev.vista.examples.cli;

import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code vista} flags that narrow what is traced: addresses, ports, namespaces, marks, tasks, pcap-filter. */
final class FilterOptions {
    @Option(names = "--filter-track-skb",
            description = "keep tracing an skb that matched once, even after NAT or decapsulation changed it")
    boolean trackSkb;

    @Option(names = "--filter-addr", paramLabel = "ADDR", description = "filter IP address (IPv4 or IPv6)")
    String address;

    @Option(names = "--filter-port", paramLabel = "PORT",
            description = "filter port (TCP or UDP, source or destination)")
    Integer port;

    @Option(names = "--filter-protocol", paramLabel = "PROTO", description = "filter protocol: tcp, udp, icmp, icmp6")
    String protocol;

    @Option(names = "--filter-netns", paramLabel = "NETNS",
            description = "filter netns (\"/proc/<pid>/ns/net\", \"/run/netns/<name>\", \"inode:<inode>\")")
    String netns;

    @Option(names = "--filter-ifname", paramLabel = "IFNAME",
            description = "filter skb ifname (in --filter-netns if given, else in any netns)")
    String ifname;

    @Option(names = "--filter-skb-mark", paramLabel = "MARK", converter = UnsignedNumberConverter.class,
            description = "filter skb mark (decimal or 0x hex)")
    Long mark;

    @Option(names = "--filter-sk-mark", paramLabel = "MARK", converter = UnsignedNumberConverter.class,
            description = "filter the mark of the skb's socket (sk_mark; decimal or 0x hex)")
    Long skMark;

    @Option(names = "--filter-pid", paramLabel = "PID", description = "filter events of this process (tgid)")
    Integer pid;

    @Option(names = "--filter-comm", paramLabel = "COMM", description = "filter events of tasks with this command name")
    String comm;

    @Option(names = "--filter-icmp-id", paramLabel = "ID", description = "filter ICMP/ICMPv6 packets with this echo id")
    Integer icmpId;

    @Parameters(paramLabel = "PCAP-FILTER", arity = "0..*",
            description = "pcap-filter expression (man 7 pcap-filter), e.g. 'tcp port 443 and host 10.0.0.1'; "
                    + "several arguments are joined with spaces, as by tcpdump and vista")
    List<String> pcapFilter = List.of();
}
