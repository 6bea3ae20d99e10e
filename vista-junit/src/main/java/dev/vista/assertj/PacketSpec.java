package dev.vista.assertj;

import dev.vista.event.Tuple;
import java.net.InetAddress;
import java.util.Objects;

/**
 * Which packets an assertion is about, by their tuple: {@code udp().to("10.0.0.2", 53)},
 * {@code tcp().from("10.0.0.1").to("10.0.0.2", 443)}, {@code icmp().to(server)}. Whatever is not given matches
 * anything. Immutable: each call returns a new spec.
 */
public final class PacketSpec {
    private static final int ANY = -1;

    private final int protocol;
    private final InetAddress source;
    private final int sourcePort;
    private final InetAddress destination;
    private final int destinationPort;

    private PacketSpec(int protocol, InetAddress source, int sourcePort, InetAddress destination, int destinationPort) {
        this.protocol = protocol;
        this.source = source;
        this.sourcePort = sourcePort;
        this.destination = destination;
        this.destinationPort = destinationPort;
    }

    public static PacketSpec udp() {
        return new PacketSpec(Tuple.IPPROTO_UDP, null, ANY, null, ANY);
    }

    public static PacketSpec tcp() {
        return new PacketSpec(Tuple.IPPROTO_TCP, null, ANY, null, ANY);
    }

    public static PacketSpec icmp() {
        return new PacketSpec(Tuple.IPPROTO_ICMP, null, ANY, null, ANY);
    }

    public static PacketSpec icmp6() {
        return new PacketSpec(Tuple.IPPROTO_ICMPV6, null, ANY, null, ANY);
    }

    /** Any IP packet; narrow it with {@link #from} and {@link #to}. */
    public static PacketSpec ipPacket() {
        return new PacketSpec(ANY, null, ANY, null, ANY);
    }

    /** Sent from this IPv4 or IPv6 literal. */
    public PacketSpec from(String address) {
        return from(literal(address));
    }

    public PacketSpec from(InetAddress address) {
        return new PacketSpec(protocol, Objects.requireNonNull(address), sourcePort, destination, destinationPort);
    }

    public PacketSpec from(String address, int port) {
        return from(address).fromPort(port);
    }

    public PacketSpec from(InetAddress address, int port) {
        return from(address).fromPort(port);
    }

    public PacketSpec fromPort(int port) {
        return new PacketSpec(protocol, source, checkPort(port), destination, destinationPort);
    }

    /** Sent to this IPv4 or IPv6 literal. */
    public PacketSpec to(String address) {
        return to(literal(address));
    }

    public PacketSpec to(InetAddress address) {
        return new PacketSpec(protocol, source, sourcePort, Objects.requireNonNull(address), destinationPort);
    }

    public PacketSpec to(String address, int port) {
        return to(address).toPort(port);
    }

    public PacketSpec to(InetAddress address, int port) {
        return to(address).toPort(port);
    }

    public PacketSpec toPort(int port) {
        return new PacketSpec(protocol, source, sourcePort, destination, checkPort(port));
    }

    /** Whether a packet with this tuple is one of those meant. */
    public boolean matches(Tuple tuple) {
        return tuple != null
                && (protocol == ANY || tuple.protocol() == protocol)
                && (source == null || source.equals(tuple.source()))
                && (destination == null || destination.equals(tuple.destination()))
                && (sourcePort == ANY || tuple.sourcePort() == sourcePort)
                && (destinationPort == ANY || tuple.destinationPort() == destinationPort);
    }

    /** Reads as a noun in failure messages: {@code udp packet from 10.0.0.1 to 10.0.0.2:53}. */
    @Override
    public String toString() {
        String name = switch (protocol) {
            case ANY -> "IP packet";
            case Tuple.IPPROTO_UDP -> "udp packet";
            case Tuple.IPPROTO_TCP -> "tcp packet";
            case Tuple.IPPROTO_ICMP -> "icmp packet";
            case Tuple.IPPROTO_ICMPV6 -> "icmp6 packet";
            default -> "protocol " + protocol + " packet";
        };
        return name + endpoint(" from ", source, sourcePort) + endpoint(" to ", destination, destinationPort);
    }

    private static String endpoint(String word, InetAddress address, int port) {
        if (address == null) {
            return port == ANY ? "" : word + "port " + port;
        }
        String host = address.getHostAddress();
        if (port == ANY) {
            return word + host;
        }
        return word + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.ofLiteral(address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + address + "' is not an IPv4 or IPv6 address literal, such as "
                    + "10.0.0.2 or fd00::2 (host names are not resolved)", e);
        }
    }

    private static int checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range: give 0 to 65535");
        }
        return port;
    }
}
