package dev.vista.junit;

import java.io.Serial;

/**
 * Attached (as a suppressed exception) to whatever a traced test threw, so that any failure, not only a
 * packet assertion's, comes with the packets the kernel saw during the test.
 */
final class TracedPacketsReport extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    TracedPacketsReport(PacketTrace trace) {
        super(describe(trace), null, false, false);
    }

    private static String describe(PacketTrace trace) {
        var events = trace.events();
        var packets = TracedPacket.split(events);
        return events.isEmpty() ? "no packet was traced during this test"
                : "packets traced during this test (" + events.size() + " events):\n"
                        + new PathText().packets(packets, trace.losses());
    }
}
