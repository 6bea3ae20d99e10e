package dev.vista.format;

/**
 * How formatters print an event's time: the TIMESTAMP column holds kernel (CLOCK_MONOTONIC) nanoseconds
 * in every mode but NONE, as in vista and pwru; ABSOLUTE adds a wall-clock TIME column first.
 */
public enum TimestampMode {
    NONE,
    /** Nanoseconds since the same skb (or sock) was last printed, 0 the first time (vista's and pwru's relative). */
    RELATIVE,
    /** Wall-clock time in a TIME column, and the kernel's time as recorded (vista's and pwru's absolute). */
    ABSOLUTE,
    /** The kernel's time as recorded, nothing else (pwru's current). */
    CURRENT
}
