package dev.vista.format;

import dev.vista.event.ProgramCall;
import dev.vista.event.ProgramPhase;

/**
 * The words after a TC or XDP program's event, appended to a caller's buffer without allocating: {@code entry}, or
 * {@code exit verdict=TC_ACT_SHOT cost=1.2µs} (what the program returned, and how long it ran, rounded as
 * netfilter costs are).
 */
final class ProgramText {
    private ProgramText() {
    }

    /** Appends the words, each after a space. */
    static StringBuilder append(ProgramCall program, StringBuilder out) {
        if (program.phase() == ProgramPhase.ENTRY) {
            return out.append(" entry");
        }
        out.append(" exit verdict=").append(program.verdict().name()).append(" cost=");
        return NetfilterText.appendCost(program.durationNanos(), out);
    }
}
