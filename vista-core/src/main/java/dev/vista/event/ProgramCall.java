package dev.vista.event;

/**
 * Where a packet event of a TC or XDP program ({@link EventSource#TC_PROGRAM}, {@link EventSource#XDP_PROGRAM})
 * was taken: which program, at its entry or its exit, and at the exit what it returned and how long it ran.
 *
 * @param id            the program's id (as {@code bpftool prog} lists it)
 * @param type          TC or XDP
 * @param name          the program's name as the kernel keeps it (at most 15 characters)
 * @param phase         entry or exit
 * @param verdict       at the exit, what the program returned; null at the entry
 * @param durationNanos at the exit, how long the program ran; 0 at the entry, and 0 when its entry was not seen
 *                      (tracing started while it ran)
 */
public record ProgramCall(int id, PacketProgramType type, String name, ProgramPhase phase, ProgramVerdict verdict,
        long durationNanos) {

    /** What vista prints where it prints a function: {@code name(tc)} or {@code name(xdp)}. */
    public String eventName() {
        return type.eventName(name);
    }
}
