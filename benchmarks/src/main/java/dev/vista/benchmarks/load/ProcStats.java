package dev.vista.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** CPU time and peak resident memory of a process or thread, read from /proc. */
final class ProcStats {
    // USER_HZ: the unit of utime/stime in /proc/PID/stat, fixed at 100 by the kernel's ABI on x86-64.
    private static final long NANOS_PER_TICK = 10_000_000L;
    private static final int UTIME_AFTER_COMM = 11; // field 14 of stat; field 3 (state) is index 0 after "comm)"

    private ProcStats() {
    }

    /** user + system CPU time of the process (or task) whose stat file this is. */
    static long cpuNanos(Path stat) {
        return cpuNanosOfStat(read(stat));
    }

    static long cpuNanosOfStat(String stat) {
        // comm may hold spaces and parentheses: the fields start after the last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long ticks = Long.parseLong(fields[UTIME_AFTER_COMM]) + Long.parseLong(fields[UTIME_AFTER_COMM + 1]);
        return ticks * NANOS_PER_TICK;
    }

    /** The process's peak resident set size (VmHWM) in bytes. */
    static long peakRssBytes(long pid) {
        return peakRssOfStatus(read(Path.of("/proc", Long.toString(pid), "status")));
    }

    static long peakRssOfStatus(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmHWM:")) {
                String kib = line.substring("VmHWM:".length()).trim();
                return Long.parseLong(kib.substring(0, kib.indexOf(' '))) * 1024;
            }
        }
        throw new IllegalArgumentException("no VmHWM line in /proc/PID/status");
    }

    static Path processStat(long pid) {
        return Path.of("/proc", Long.toString(pid), "stat");
    }

    /** The stat file of this process's thread named {@code name} (its comm), if there is one. */
    static OptionalLong threadId(String name) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                if (read(task.resolve("comm")).strip().equals(name)) {
                    return OptionalLong.of(Long.parseLong(task.getFileName().toString()));
                }
            }
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path threadStat(long tid) {
        return Path.of("/proc/self/task", Long.toString(tid), "stat");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
