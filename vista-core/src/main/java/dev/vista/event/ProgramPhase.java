package dev.vista.event;

/** When a TC or XDP program's event was taken: as the program was entered (fentry) or as it returned (fexit). */
public enum ProgramPhase {
    /** Before the program ran: the packet as it came to it. */
    ENTRY,
    /** After the program returned: the packet as it left it, the verdict and how long it ran. */
    EXIT;

    /** enum vista_program_phase numbers ENTRY 1, EXIT 2. */
    private static final ProgramPhase[] BY_ID = {null, ENTRY, EXIT};

    /** The phase the BPF side numbers {@code id} (vista_event.where of a program event), or null for another. */
    public static ProgramPhase ofId(int id) {
        return id > 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}
