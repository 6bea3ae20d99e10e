package dev.vista.format;

import dev.vista.event.LossEvent;
import dev.vista.event.NetfilterEvent;
import dev.vista.event.NetfilterTable;
import dev.vista.event.NetfilterWay;
import dev.vista.event.SockEvent;
import dev.vista.event.StackFrame;
import dev.vista.event.TcpConnectionEvent;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tuple;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Asphaltt/skbtracer's table, column for column:
 * {@code TIME NETWORK_NS CPU INTERFACE DEST_MAC IP_LEN PKT_INFO TRACE_INFO}, e.g. (one line)
 * <pre>[13:43:45] [4026531840] 3      ens18              00:00:00:00:00:00  168
 *     T_ACK,PSH:10.0.1.10:22->10.0.4.15:55343                ffff9a271b1b3ae0.0:ip_output</pre>
 * PKT_INFO is {@code T_<flags>:}, {@code U:}, {@code I_request:}, {@code I_reply:}, {@code I:} or the protocol
 * number, with addresses as Go prints them (IPv6 compressed, no brackets); TRACE_INFO is
 * {@code <skb in hex>.<pkt_type>:<function>}. DEST_MAC and IP_LEN come from the packet's first bytes
 * ({@link PacketHeaders}), zeros when the skb has no Ethernet header. Stacks ({@code --callstack},
 * {@code --dropstack}) follow their line, one frame a line. Lost events get vista's marker line, which
 * skbtracer has not: it only counts them. Not thread-safe.
 */
public final class SkbtracerFormat implements EventFormat {
    /** The bytes of each packet to capture for DEST_MAC and IP_LEN ({@code capturePackets}). */
    public static final int SNAPLEN = PacketHeaders.SNAPLEN;
    private static final String[] TCP_FLAG_NAMES = {"CWR", "ECE", "URG", "ACK", "PSH", "RST", "SYN", "FIN"};
    // The bits of TCP_FLAG_NAMES in the TCP header's flag byte, in skbtracer's order.
    private static final int[] TCP_FLAG_BITS = {0x80, 0x40, 0x20, 0x10, 0x08, 0x04, 0x02, 0x01};
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final double NANOS_PER_SECOND = 1e9;
    private static final String NO_MAC = PacketHeaders.NO_MAC;

    private final ZoneId zone;
    private final boolean relativeSeconds;
    private long firstTimestampNs = -1;
    private long clockSecond = Long.MIN_VALUE;
    private String clockText;

    /**
     * @param relativeSeconds skbtracer's {@code -t}: seconds since the first event, to the microsecond,
     *                        instead of the wall clock's {@code HH:MM:SS} in {@code zone}
     */
    public SkbtracerFormat(ZoneId zone, boolean relativeSeconds) {
        this.zone = zone;
        this.relativeSeconds = relativeSeconds;
    }

    @Override
    public StringBuilder appendHeader(StringBuilder out) {
        return out.append(String.format(Locale.ROOT, "%-10s %-12s %-6s %-18s %-18s %-6s %-54s %s%n",
                "TIME", "NETWORK_NS", "CPU", "INTERFACE", "DEST_MAC", "IP_LEN", "PKT_INFO", "TRACE_INFO"));
    }

    @Override
    public StringBuilder append(TraceEvent event, StringBuilder out) {
        PacketHeaders headers = PacketHeaders.of(event.packet());
        appendColumns(event.epochNanos(), event.timestampNs(), event.netns(), event.cpu(), event.ifname(),
                headers.destinationMac(), headers.ipLength(), event.tuple(), out);
        out.append(Long.toHexString(event.skb())).append('.').append(event.pktType()).append(':')
                .append(event.where()).append('\n');
        for (StackFrame frame : event.stack()) {
            out.append("        ").append(frame).append('\n');
        }
        return out;
    }

    /**
     * A netfilter verdict ({@code --iptable}) as skbtracer wrote an iptables one: TRACE_INFO is
     * {@code <skb>.<pkt_type>:<pf>.<table>.<hook>.<verdict> <function>}, the function being {@code netfilter}
     * when the verdict was seen by netfilter BPF links rather than in {@code ipt_do_table}. DEST_MAC is not
     * read at the hooks (zeros); IP_LEN is the skb's length, which is the IP packet's at a netfilter hook.
     */
    @Override
    public StringBuilder append(NetfilterEvent event, StringBuilder out) {
        appendColumns(event.epochNanos(), event.timestampNs(), event.netns(), event.cpu(), event.ifname(), NO_MAC,
                event.len(), event.tuple(), out);
        NetfilterTable table = event.table();
        return out.append(Long.toHexString(event.skb())).append('.').append(event.pktType()).append(':')
                .append(table.family().value()).append('.').append(table.table()).append('.').append(table.hook())
                .append('.').append(event.verdict()).append(' ')
                .append(event.way() == NetfilterWay.FUNCTION ? tableFunction(table) : "netfilter").append('\n');
    }

    /** The kernel function that ran the table, as the function way saw it. */
    private static String tableFunction(NetfilterTable table) {
        if (table.chain() != null) {
            return "nft_do_chain";
        }
        return switch (table.family()) {
            case IPV6 -> "ip6t_do_table";
            case ARP -> "arpt_do_table";
            default -> "ipt_do_table";
        };
    }

    /** skbtracer traces no TCP connections: its mode never asks for them. */
    @Override
    public StringBuilder append(TcpConnectionEvent event, StringBuilder out) {
        return out;
    }

    /** skbtracer traces no sockets: its mode never asks for them. */
    @Override
    public StringBuilder append(SockEvent event, StringBuilder out) {
        return out;
    }

    @Override
    public StringBuilder append(LossEvent loss, StringBuilder out) {
        return LossLine.append(loss, out);
    }

    /** The columns before TRACE_INFO. */
    private void appendColumns(long epochNanos, long timestampNs, long netns, int cpu, String ifname, String mac,
            int ipLength, Tuple tuple, StringBuilder out) {
        out.append('[');
        pad(out, time(epochNanos, timestampNs), 8).append("] [");
        pad(out, Long.toString(netns), 10).append("] ");
        pad(out, Integer.toString(cpu), 6).append(' ');
        pad(out, ifname == null || ifname.isEmpty() ? "nil" : ifname, 18).append(' ');
        pad(out, mac, 18).append(' ');
        pad(out, Integer.toString(ipLength), 6).append(' ');
        pad(out, packetInfo(tuple), 54).append(' ');
    }

    private String time(long epochNanos, long timestampNs) {
        if (relativeSeconds) {
            if (firstTimestampNs < 0) {
                firstTimestampNs = timestampNs;
            }
            return String.format(Locale.ROOT, "%-7.6f", (timestampNs - firstTimestampNs) / NANOS_PER_SECOND);
        }
        long second = Math.floorDiv(epochNanos, 1_000_000_000L);
        if (second != clockSecond) {
            clockSecond = second;
            clockText = CLOCK.format(LocalTime.ofInstant(Instant.ofEpochSecond(second), zone));
        }
        return clockText;
    }

    static String packetInfo(Tuple tuple) {
        if (tuple == null) {
            return "";
        }
        String source = goText(tuple.source());
        String destination = goText(tuple.destination());
        return switch (tuple.protocol()) {
            case Tuple.IPPROTO_TCP -> {
                String flags = tcpFlags(tuple.tcpFlags());
                yield (flags.isEmpty() ? "T:" : "T_" + flags + ":") + source + ":" + tuple.sourcePort() + "->"
                        + destination + ":" + tuple.destinationPort();
            }
            case Tuple.IPPROTO_UDP -> "U:" + source + ":" + tuple.sourcePort() + "->" + destination + ":"
                    + tuple.destinationPort();
            case Tuple.IPPROTO_ICMP, Tuple.IPPROTO_ICMPV6 -> switch (tuple.icmpType()) {
                case 8, 128 -> "I_request:" + source + "->" + destination;
                case 0, 129 -> "I_reply:" + source + "->" + destination;
                default -> "I:" + source + "->" + destination;
            };
            default -> tuple.protocol() + ":" + source + "->" + destination;
        };
    }

    private static String tcpFlags(int flags) {
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < TCP_FLAG_BITS.length; i++) {
            if ((flags & TCP_FLAG_BITS[i]) != 0) {
                names.append(names.isEmpty() ? "" : ",").append(TCP_FLAG_NAMES[i]);
            }
        }
        return names.toString();
    }

    /** As Go's net.IP prints: IPv4 dotted, IPv6 compressed (RFC 5952) without brackets. */
    private static String goText(InetAddress address) {
        return address instanceof Inet6Address ? AddressText.compressedIpv6(address.getAddress())
                : address.getHostAddress();
    }

    /** Go's {@code %-Ns}: left-aligned, padded with spaces to {@code width}, never cut. */
    private static StringBuilder pad(StringBuilder out, String text, int width) {
        out.append(text);
        for (int i = text.length(); i < width; i++) {
            out.append(' ');
        }
        return out;
    }
}
