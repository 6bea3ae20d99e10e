package dev.vista.internal.programs;

/**
 * A loaded TC or XDP program as the kernel lists it: its id (stable while loaded; the fd to
 * attach to is opened from it), its kind, and its name (the kernel keeps at most 15 characters).
 */
public record PacketProgram(int id, PacketProgramType type, String name) {
    /** The event name vista prints: {@code name(tc)} or {@code name(xdp)}. */
    public String eventName() {
        return name + "(" + type.label() + ")";
    }
}
