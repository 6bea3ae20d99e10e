package dev.vista;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The layer 4 protocols a trace can be filtered on. */
public enum Protocol {
    TCP(6),
    UDP(17),
    ICMP(1),
    ICMP6(58);

    private final int number;

    Protocol(int number) {
        this.number = number;
    }

    /** The IP protocol number ({@code IPPROTO_*}). */
    public int number() {
        return number;
    }

    /** Parses tcp, udp, icmp, icmp6 (also icmpv6), case-insensitive. */
    public static Protocol parse(String name) {
        String wanted = name.trim().toUpperCase(Locale.ROOT);
        if (wanted.equals("ICMPV6")) {
            return ICMP6;
        }
        for (Protocol p : values()) {
            if (p.name().equals(wanted)) {
                return p;
            }
        }
        throw new InvalidPlanException("unknown protocol '" + name + "': use one of "
                + Arrays.stream(values()).map(p -> p.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
