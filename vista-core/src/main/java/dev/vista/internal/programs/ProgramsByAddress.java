package dev.vista.internal.programs;

/** Which traced TC/XDP program's code starts at an address (an event's func_ip): how its events are named. */
@FunctionalInterface
public interface ProgramsByAddress {
    /** For tracers that trace no programs. */
    ProgramsByAddress NONE = address -> null;

    /** The program whose code starts at {@code address}, or null for none this tracer traces. */
    PacketProgram at(long address);
}
