package dev.vista.format;

/** How formatters print an event's time. */
public enum TimestampMode {
    NONE,
    /** Nanoseconds since the tracer started. */
    RELATIVE,
    /** Wall-clock time. */
    ABSOLUTE
}
