package dev.vista.internal.attach;

/** Which program serves a function: the struct it takes a pointer to, at which argument position (1-5). */
public record ProgramSlot(TracedStruct struct, int position) {
}
