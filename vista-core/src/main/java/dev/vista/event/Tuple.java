package dev.vista.event;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * A packet's layer 3/4 identity. Ports are 0 for protocols without them; the ICMP fields are
 * meaningful for ICMP and ICMPv6 only; tcpFlags for TCP only (FIN=0x01 ... CWR=0x80).
 */
public record Tuple(InetAddress source, InetAddress destination, int sourcePort, int destinationPort,
        int protocol, int tcpFlags, int icmpType, int icmpCode, int icmpId, int icmpSequence) {

    public static final int IPPROTO_ICMP = 1;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_UDP = 17;
    public static final int IPPROTO_ICMPV6 = 58;

    public boolean isIpv6() {
        return source instanceof Inet6Address;
    }

    /** The protocol's short name as vista prints it: tcp, udp, icmp, icmp6, or the number. */
    public String protocolName() {
        return switch (protocol) {
            case IPPROTO_TCP -> "tcp";
            case IPPROTO_UDP -> "udp";
            case IPPROTO_ICMP -> "icmp";
            case IPPROTO_ICMPV6 -> "icmp6";
            default -> Integer.toString(protocol);
        };
    }

    /** TCP flags in tcpdump's letters (S, ., F, R, P, U, E, W), e.g. {@code S.} for SYN-ACK. */
    public String tcpFlagNames() {
        StringBuilder out = new StringBuilder();
        String letters = "FSRP.UEW";
        for (int bit = 0; bit < 8; bit++) {
            if ((tcpFlags & (1 << bit)) != 0) {
                out.append(letters.charAt(bit));
            }
        }
        return out.toString();
    }

    private static String hostPort(InetAddress address, int port, boolean withPort) {
        String host = address.getHostAddress();
        if (address instanceof Inet6Address) {
            host = "[" + host + "]";
        }
        return withPort ? host + ":" + port : host;
    }

    /** {@code 10.0.0.1:4242->10.0.0.2:53(udp)}, ICMP with type/id/seq. */
    @Override
    public String toString() {
        boolean ports = protocol == IPPROTO_TCP || protocol == IPPROTO_UDP;
        String text = hostPort(source, sourcePort, ports) + "->" + hostPort(destination, destinationPort, ports)
                + "(" + protocolName();
        if (protocol == IPPROTO_TCP) {
            text += ":" + tcpFlagNames();
        } else if (protocol == IPPROTO_ICMP || protocol == IPPROTO_ICMPV6) {
            text += ":type=" + icmpType + ",code=" + icmpCode + ",id=" + icmpId + ",seq=" + icmpSequence;
        }
        return text + ")";
    }
}
