package dev.vista.junit;

import dev.vista.event.LossEvent;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import java.util.List;

/**
 * Writes packets' paths (and bare events) for failure messages, one event a line: time since the first,
 * where, namespace (by name where it has one), interface, tuple, and how the packet ended. Where the ring
 * buffer lost events during a packet's lifetime a gap line says so: the path may miss events there, so a
 * missing step is not proof that the packet did not take it.
 */
public final class PathText {
    // Enough to see what happened without burying the message.
    private static final int MAX_PACKETS = 5;
    private static final int MAX_EVENTS = 40;

    private final NetnsNames netns = NetnsNames.current();

    /** A writer that names namespaces as they are now. */
    public PathText() {
    }

    /**
     * Each packet's path: where it was seen, in which namespace, on which interface, how it ended; and the
     * {@code losses} (loss markers, in order) that fell within its lifetime, in place.
     */
    public String packets(List<TracedPacket> packets, List<LossEvent> losses) {
        StringBuilder text = new StringBuilder();
        for (int n = 0; n < Math.min(packets.size(), MAX_PACKETS); n++) {
            TracedPacket packet = packets.get(n);
            text.append("  packet ").append(n + 1).append(" (skb 0x").append(Long.toHexString(packet.skb()))
                    .append("):\n");
            long start = packet.events().getFirst().timestampNs();
            long previous = start;
            for (TraceEvent event : packet.events()) {
                for (LossEvent loss : losses) {
                    if (loss.timestampNs() > previous && loss.timestampNs() <= event.timestampNs()) {
                        text.append("    ").append(gap(loss)).append('\n');
                    }
                }
                text.append("    ").append(line(event, start)).append('\n');
                previous = event.timestampNs();
            }
        }
        if (packets.size() > MAX_PACKETS) {
            text.append("  ... and ").append(packets.size() - MAX_PACKETS).append(" more packets\n");
        }
        return text.toString();
    }

    /** Events as they came, when no packet matched: what was traced instead. */
    public String events(List<TraceEvent> events) {
        StringBuilder text = new StringBuilder();
        long start = events.isEmpty() ? 0 : events.getFirst().timestampNs();
        for (TraceEvent event : events.subList(0, Math.min(events.size(), MAX_EVENTS))) {
            text.append("  ").append(line(event, start)).append('\n');
        }
        if (events.size() > MAX_EVENTS) {
            text.append("  ... and ").append(events.size() - MAX_EVENTS).append(" more events\n");
        }
        return text.toString();
    }

    public String netns(long inode) {
        return netns.name(inode);
    }

    private String line(TraceEvent event, long start) {
        String outcome = "";
        if (event.dropReason() != null && event.tracepoint() == Tracepoint.KFREE_SKB) {
            outcome = "  DROPPED: " + event.dropReason().name() + at(event);
        } else if (event.tracepoint() == Tracepoint.CONSUME_SKB) {
            outcome = "  freed" + at(event);
        }
        return String.format("+%8.3f ms  %-24s netns %-22s %-10s %s%s", (event.timestampNs() - start) / 1e6,
                event.where(), netns.name(event.netns()), event.ifname() == null || event.ifname().isEmpty() ? "-" : event.ifname(),
                event.tuple() == null ? "(not IP)" : event.tuple(), outcome);
    }

    private static String gap(LossEvent loss) {
        return "--- " + loss.count() + (loss.count() == 1 ? " event" : " events") + " lost on CPU " + loss.cpu()
                + ": this path may miss events here ---";
    }

    private static String at(TraceEvent event) {
        return event.location() == null || event.location().isEmpty() ? "" : " at " + event.location();
    }
}
