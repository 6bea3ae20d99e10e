package dev.vista.format;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Addresses as vista prints them: IPv4 dotted, IPv6 in brackets and compressed (RFC 5952, as Go
 * prints them, where Java would print every group). Cached, because a trace sees few distinct
 * addresses and the text is needed for every event.
 */
final class AddressText {
    // Bounded so a scan of many addresses cannot grow it without limit; refilling is cheap.
    private static final int CAPACITY = 1024;
    private static final int IPV6_GROUPS = 8;

    private final Map<InetAddress, String> cache = new HashMap<>();

    String of(InetAddress address) {
        String text = cache.get(address);
        if (text == null) {
            if (cache.size() >= CAPACITY) {
                cache.clear();
            }
            text = address instanceof Inet6Address ? "[" + compressedIpv6(address.getAddress()) + "]"
                    : address.getHostAddress();
            cache.put(address, text);
        }
        return text;
    }

    /** Groups in hex without leading zeros; the longest run of two or more zero groups (the first if tied) becomes "::". */
    static String compressedIpv6(byte[] bytes) {
        int[] groups = new int[IPV6_GROUPS];
        for (int i = 0; i < IPV6_GROUPS; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
        }
        int runStart = -1;
        int runLength = 1; // a single zero group stays "0"
        for (int i = 0; i < IPV6_GROUPS; i++) {
            int length = 0;
            while (i + length < IPV6_GROUPS && groups[i + length] == 0) {
                length++;
            }
            if (length > runLength) {
                runStart = i;
                runLength = length;
            }
            i += length;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < IPV6_GROUPS; i++) {
            if (i == runStart) {
                text.append("::");
                i += runLength - 1;
                continue;
            }
            if (i > 0 && i != runStart + runLength) {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
