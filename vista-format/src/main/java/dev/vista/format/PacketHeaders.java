package dev.vista.format;

import dev.vista.event.CapturedPacket;
import dev.vista.event.PacketStart;

/**
 * What skbtracer's DEST_MAC and IP_LEN columns show, read from a packet's first captured bytes: the
 * Ethernet destination when the capture starts at the link-layer header, and the IP header's length
 * field (IPv4 total length; IPv6 payload length plus its 40-byte header, so both count the whole IP packet).
 */
record PacketHeaders(String destinationMac, int ipLength) {
    /** The bytes a capture needs for both: Ethernet (14) and the start of an IPv6 header (6). */
    static final int SNAPLEN = 20;
    static final String NO_MAC = "00:00:00:00:00:00";
    private static final int ETH_HLEN = 14;
    private static final int ETH_TYPE = 12;
    private static final int ETH_P_IP = 0x0800;
    private static final int ETH_P_IPV6 = 0x86DD;
    private static final int IPV6_HEADER = 40;
    private static final PacketHeaders NONE = new PacketHeaders(NO_MAC, 0);

    static PacketHeaders of(CapturedPacket packet) {
        if (packet == null) {
            return NONE;
        }
        byte[] bytes = packet.bytes();
        if (packet.start() == PacketStart.NETWORK) {
            return new PacketHeaders(NO_MAC, ipLength(bytes, 0));
        }
        if (bytes.length < ETH_HLEN) {
            return NONE;
        }
        String mac = "%02x:%02x:%02x:%02x:%02x:%02x".formatted(bytes[0], bytes[1], bytes[2], bytes[3], bytes[4],
                bytes[5]);
        int etherType = u16(bytes, ETH_TYPE);
        return new PacketHeaders(mac, etherType == ETH_P_IP || etherType == ETH_P_IPV6 ? ipLength(bytes, ETH_HLEN) : 0);
    }

    private static int ipLength(byte[] bytes, int ip) {
        if (bytes.length <= ip) {
            return 0;
        }
        return switch ((bytes[ip] & 0xff) >> 4) {
            case 4 -> bytes.length >= ip + 4 ? u16(bytes, ip + 2) : 0;
            case 6 -> bytes.length >= ip + 6 ? u16(bytes, ip + 4) + IPV6_HEADER : 0;
            default -> 0;
        };
    }

    private static int u16(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) << 8 | bytes[offset + 1] & 0xff;
    }
}
