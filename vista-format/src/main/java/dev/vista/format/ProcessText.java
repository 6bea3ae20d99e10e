package dev.vista.format;

import java.util.Objects;

/**
 * The PROCESS column, {@code [comm(pid)]} right-aligned in its width and followed by a space, kept per
 * task: a flood comes from few tasks (the sender, softirqs on each CPU), so a line appends one String
 * instead of formatting the column. Direct-mapped, so it stays bounded; a task not seen before (or
 * evicted) is formatted again. Not thread-safe.
 */
final class ProcessText {
    private static final int SLOTS = 64;
    private static final String EMPTY_COMM = "<empty>";

    private final int width;
    private final Entry[] entries = new Entry[SLOTS];

    private record Entry(String comm, int pid, String text) {
    }

    /** @param width the column's width */
    ProcessText(int width) {
        this.width = width;
    }

    String of(String comm, int pid) {
        int slot = (pid * 31 + (comm == null ? 0 : comm.hashCode())) & (SLOTS - 1);
        Entry entry = entries[slot];
        if (entry == null || entry.pid() != pid || !Objects.equals(entry.comm(), comm)) {
            entry = new Entry(comm, pid, format(comm, pid));
            entries[slot] = entry;
        }
        return entry.text();
    }

    private String format(String comm, int pid) {
        String column = "[" + (comm == null || comm.isEmpty() ? EMPTY_COMM : comm) + "(" + pid + ")]";
        return " ".repeat(Math.max(0, width - column.length())) + column + " ";
    }
}
