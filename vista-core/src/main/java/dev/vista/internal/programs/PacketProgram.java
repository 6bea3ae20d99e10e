package dev.vista.internal.programs;

import dev.vista.event.PacketProgramType;

/**
 * A loaded TC or XDP program as the kernel lists it: its id (stable while loaded; the fd to
 * attach to is opened from it), its kind, its name (the kernel keeps at most 15 characters), its
 * main function's whole name and BTF type id in the program's own BTF (what an fentry program's attach
 * target names; the truncated name and 0 when the program has no BTF, which fentry cannot trace), and
 * the address its code starts at (what bpf_get_func_ip() returns in a tracing program aimed at it).
 */
public record PacketProgram(int id, PacketProgramType type, String name, String function, int btfTypeId,
        long address) {
    /** The event name vista prints: {@code name(tc)} or {@code name(xdp)}. */
    public String eventName() {
        return type.eventName(name);
    }

    /** Whether the program has BTF, without which fentry/fexit cannot be aimed at it. */
    public boolean hasBtf() {
        return btfTypeId != 0;
    }
}
