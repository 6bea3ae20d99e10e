package dev.vista.pcap;

import dev.vista.event.ProgramCall;
import dev.vista.event.ProgramPhase;
import dev.vista.event.TraceEvent;

/**
 * Which packets a {@link PcapngSink} writes (vista's {@code --pcap-mode entry,exit}): the packet as it came to
 * where the event was taken, and the packet as a TC or XDP program left it. Only TC and XDP programs have an exit
 * that carries a packet: tracepoints and kernel function entries see a packet once, and are entry events.
 */
public enum CaptureMode {
    /** Tracepoints, kernel functions, and TC/XDP programs' entries: the packet before the program ran. */
    ENTRY,
    /** TC/XDP programs' exits: the packet after the program ran, with its verdict (the block's epb_verdict). */
    EXIT;

    /** The mode an event's packet belongs to. */
    public static CaptureMode of(TraceEvent event) {
        ProgramCall program = event.program();
        return program != null && program.phase() == ProgramPhase.EXIT ? EXIT : ENTRY;
    }
}
