package dev.vista.format;

import dev.vista.event.TraceEvent;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The part of a META line that a device repeats for every packet:
 * {@code " netns=.. mark=0x.. iface=..(name) proto=0x.... mtu=.."}. Kept per distinct set of those values,
 * since a flood crosses few devices: a line then appends one String instead of eleven appends.
 * Direct-mapped, so it stays bounded; a set not seen before (or evicted) is formatted again. Not thread-safe.
 */
final class DeviceText {
    private static final int SLOTS = 64;
    private static final HexFormat HEX = HexFormat.of();

    private final Entry[] entries = new Entry[SLOTS];

    private record Entry(long netns, long mark, int ifindex, String ifname, int protocol, int mtu, String text) {
        boolean describes(TraceEvent e) {
            return e.netns() == netns && e.ifindex() == ifindex && e.mark() == mark && e.protocol() == protocol
                    && e.mtu() == mtu && Objects.equals(e.ifname(), ifname);
        }
    }

    String of(TraceEvent event) {
        // The ethertype too: IPv4, IPv6 and ARP cross the same device.
        int slot = (int) ((event.netns() * 31 + event.ifindex()) * 31 + event.protocol()) & (SLOTS - 1);
        Entry entry = entries[slot];
        if (entry == null || !entry.describes(event)) {
            entry = new Entry(event.netns(), event.mark(), event.ifindex(), event.ifname(), event.protocol(),
                    event.mtu(), format(event));
            entries[slot] = entry;
        }
        return entry.text();
    }

    private static String format(TraceEvent event) {
        StringBuilder out = new StringBuilder(96).append(" netns=").append(event.netns())
                .append(" mark=0x").append(Long.toHexString(event.mark()))
                .append(" iface=").append(event.ifindex());
        String ifname = event.ifname();
        if (ifname != null && !ifname.isEmpty()) {
            out.append('(').append(ifname).append(')');
        }
        return out.append(" proto=0x").append(HEX.toHexDigits((short) event.protocol()))
                .append(" mtu=").append(event.mtu()).toString();
    }
}
