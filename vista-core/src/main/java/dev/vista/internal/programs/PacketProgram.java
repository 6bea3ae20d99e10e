package dev.vista.internal.programs;

/**
 * A loaded TC or XDP program as the kernel lists it: its id (stable while loaded; the fd to
 * attach to is opened from it), its kind, its name (the kernel keeps at most 15 characters) and
 * its main function's whole name from the program's BTF (what an fentry program's attach target
 * names; the truncated name when the program has no BTF).
 */
public record PacketProgram(int id, PacketProgramType type, String name, String function) {
    /** The event name vista prints: {@code name(tc)} or {@code name(xdp)}. */
    public String eventName() {
        return name + "(" + type.label() + ")";
    }
}
