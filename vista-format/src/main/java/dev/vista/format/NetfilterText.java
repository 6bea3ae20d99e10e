package dev.vista.format;

import dev.vista.event.NetfilterEvent;
import dev.vista.event.NetfilterTable;

/**
 * vista's words for a netfilter verdict, {@code pf=PF_INET table=filter hook=INPUT verdict=DROP cost=5.9µs}
 * (nftables chains add {@code chain=NAME}), appended to a caller's buffer without allocating.
 */
public final class NetfilterText {
    private static final long NANOS_PER_MICRO = 1_000;
    private static final long NANOS_PER_MILLI = 1_000_000;

    private NetfilterText() {
    }

    /** Appends the verdict's words, each after a space. */
    public static StringBuilder append(NetfilterEvent event, StringBuilder out) {
        NetfilterTable table = event.table();
        out.append(" pf=").append(table.family().pfName()).append(" table=").append(table.table());
        if (table.chain() != null) {
            out.append(" chain=").append(table.chain());
        }
        out.append(" hook=").append(table.hook().name()).append(" verdict=").append(event.verdict().name())
                .append(" cost=");
        return appendCost(event.costNanos(), out);
    }

    /** Rounded: one decimal of microseconds below a millisecond ({@code 5.9µs}), three of milliseconds above ({@code 1.204ms}). */
    static StringBuilder appendCost(long nanos, StringBuilder out) {
        long tenths = (nanos + NANOS_PER_MICRO / 20) / (NANOS_PER_MICRO / 10);
        if (tenths < NANOS_PER_MILLI / (NANOS_PER_MICRO / 10)) {
            return out.append(tenths / 10).append('.').append(tenths % 10).append("µs");
        }
        long micros = (nanos + NANOS_PER_MICRO / 2) / NANOS_PER_MICRO;
        long fraction = micros % 1000;
        out.append(micros / 1000).append('.');
        if (fraction < 100) {
            out.append(fraction < 10 ? "00" : "0");
        }
        return out.append(fraction).append("ms");
    }
}
