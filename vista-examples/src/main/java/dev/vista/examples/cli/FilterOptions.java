package dev.vista.examples.cli;

import java.util.List;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The {@code vista} flags that narrow what is traced: addresses, ports, namespaces, marks, tasks, pcap-filter. A filter
 * whose flag is not given reads null.
 */
final class FilterOptions extends FlagGroup {
    private final OptionSpec trackSkb = flag("--filter-track-skb",
            "keep tracing an skb that matched once, even after NAT or decapsulation changed it");
    private final OptionSpec address = option("--filter-addr", "ADDR", String.class,
            "filter IP address (IPv4 or IPv6)");
    private final OptionSpec port = option("--filter-port", "PORT", Integer.class,
            "filter port (TCP or UDP, source or destination)");
    private final OptionSpec protocol = option("--filter-protocol", "PROTO", String.class,
            "filter protocol: tcp, udp, icmp, icmp6");
    private final OptionSpec netns = option("--filter-netns", "NETNS", String.class,
            "filter netns (\"/proc/<pid>/ns/net\", \"/run/netns/<name>\", \"inode:<inode>\")");
    private final OptionSpec ifname = option("--filter-ifname", "IFNAME", String.class,
            "filter skb ifname (in --filter-netns if given, else in any netns)");
    private final OptionSpec mark = unsigned("--filter-skb-mark", "filter skb mark (decimal or 0x hex)");
    private final OptionSpec skMark = unsigned("--filter-sk-mark",
            "filter the mark of the skb's socket (sk_mark; decimal or 0x hex)");
    private final OptionSpec pid = option("--filter-pid", "PID", Integer.class,
            "filter events of this process (tgid)");
    private final OptionSpec comm = option("--filter-comm", "COMM", String.class,
            "filter events of tasks with this command name");
    private final OptionSpec icmpId = option("--filter-icmp-id", "ID", Integer.class,
            "filter ICMP/ICMPv6 packets with this echo id");
    private final PositionalParamSpec pcapFilter = add(PositionalParamSpec.builder().paramLabel("PCAP-FILTER")
            .arity("0..*").type(List.class).auxiliaryTypes(String.class).initialValue(List.of())
            .description("pcap-filter expression (man 7 pcap-filter), e.g. 'tcp port 443 and host 10.0.0.1'; "
                    + "several arguments are joined with spaces, as by tcpdump and vista"));

    private OptionSpec unsigned(String name, String description) {
        return add(OptionSpec.builder(name).paramLabel("MARK").type(Long.class)
                .converters(new UnsignedNumberConverter()).description(description));
    }

    boolean trackSkb() {
        return isSet(trackSkb);
    }

    String address() {
        return address.getValue();
    }

    Integer port() {
        return port.getValue();
    }

    String protocol() {
        return protocol.getValue();
    }

    String netns() {
        return netns.getValue();
    }

    String ifname() {
        return ifname.getValue();
    }

    Long mark() {
        return mark.getValue();
    }

    Long skMark() {
        return skMark.getValue();
    }

    Integer pid() {
        return pid.getValue();
    }

    String comm() {
        return comm.getValue();
    }

    Integer icmpId() {
        return icmpId.getValue();
    }

    /** The pcap-filter's words, none if not given. */
    List<String> pcapFilter() {
        return pcapFilter.getValue();
    }
}
