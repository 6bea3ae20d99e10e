package dev.vista.benchmarks.attach;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the attach harness prints: the machine, then one Markdown row per backend and the notes under it. */
final class AttachReport {
    private AttachReport() {
    }

    static void printMachine() {
        String cpu = firstLine(Path.of("/proc/cpuinfo"), "model name").replaceFirst("^model name\\s*:\\s*", "");
        String mem = firstLine(Path.of("/proc/meminfo"), "MemTotal").replaceAll("\\D+", "");
        String vm = "1".equals(System.getenv("VISTA_VM")) ? "yes (vm/run.sh, TCG-emulated)" : "no (host)";
        System.out.printf(Locale.ROOT, "machine: kernel %s, nproc %d, %s, memory %s MiB, in the VM: %s, JDK %s%n",
                read(Path.of("/proc/sys/kernel/osrelease")), Runtime.getRuntime().availableProcessors(), cpu,
                mem.isEmpty() ? "?" : Long.parseLong(mem) / 1024, vm, Runtime.version());
    }

    static void printTable(List<Measurement> results, SkbFunctions catalog) {
        System.out.println();
        System.out.println("| backend | functions | attached | skipped | start() | selection + probe (a) "
                + "| before 1st progress (done then) | 1st progress → end | attach rate (b) "
                + "| attach, all at that rate "
                + "| close() | detach links (c) | detach rate | events |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (Measurement m : results) {
            synchronized (m) {
                String functions = m.limit > 0 && m.limit < catalog.selection().functions().size()
                        ? "first " + m.limit : "all " + catalog.selection().functions().size();
                String resolve = m.resolveNanos == 0 ? "" : seconds(m.resolveNanos) + " s";
                String attachRate = rate(m.attachDone - m.firstAttachDone, m.lastAttach - m.firstAttach);
                String extrapolated = m.attachDone > m.firstAttachDone
                        ? seconds((m.lastAttach - m.firstAttach) * m.attachTotal
                                / (m.attachDone - m.firstAttachDone)) + " s"
                        : "";
                if (m.startReturned == 0) {
                    System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | | | %s | %s | | | | |%n",
                            m.backend.shortName(), functions, m.attachDone == 0 ? "-" : m.attached(),
                            m.attachDone == 0 ? "-" : m.attachFailed, m.failure == null ? "-" : "FAILED", resolve,
                            attachRate, extrapolated);
                    continue;
                }
                String before = m.firstAttach == 0 ? "-"
                        : seconds(m.firstAttach - m.startCalled) + " s (" + m.firstAttachDone + ")";
                String after = m.firstAttach == 0 ? "-" : seconds(m.startReturned - m.firstAttach) + " s";
                String close = m.closeReturned == 0 ? "FAILED" : seconds(m.closeReturned - m.closeCalled) + " s";
                String detach = m.lastDetach == 0 ? "-"
                        : seconds(m.lastDetach - m.closeCalled) + " s (" + m.detachTotal + ")";
                String detachRate = m.lastDetach == 0 ? "-" : rate(m.attached(), m.lastDetach - m.closeCalled);
                System.out.printf(Locale.ROOT,
                        "| %s | %s | %d | %d | %s s | %s | %s | %s | %s | %s | %s | %s | %s | %d |%n",
                        m.backend.shortName(), functions, m.attached(), m.attachFailed,
                        seconds(m.startReturned - m.startCalled), resolve, before, after, attachRate, extrapolated,
                        close, detach, detachRate, m.events);
                if (m.functionCount != m.attachTotal) {
                    System.out.printf(Locale.ROOT, "  (%s: functionCount() %d, progress total %d)%n",
                            m.backend.shortName(), m.functionCount, m.attachTotal);
                }
            }
        }
        System.out.println();
        System.out.println("(a) what start() does before loading BPF (parse BTF, read kallsyms and ftrace's list, "
                + "select, probe the backend), timed on its own just before start()");
        System.out.println("(b) functions per second between the first and the last ATTACHING report");
        System.out.println("(c) close() up to the last DETACHING report, and how many links were closed; "
                + "detach rate: attached functions per second of it");
        for (Measurement m : results) {
            synchronized (m) {
                // Few reports means one per link (kprobe-multi): show when each link was done.
                if (!m.attachReports.isEmpty() && m.attachReports.size() <= 10) {
                    System.out.printf(Locale.ROOT, "%s, each report (functions done at seconds since the call): "
                            + "attaching %s; detaching %s%n", m.backend.shortName(), reports(m.attachReports),
                            reports(m.detachReports));
                }
            }
        }
        results.forEach(m -> System.out.printf(Locale.ROOT, "probe of %s alone: %s ms%n", m.backend.shortName(),
                ms(m.probeNanos)));
    }

    private static String reports(List<long[]> reports) {
        return reports.stream().map(r -> r[0] + " at " + seconds(r[1])).collect(Collectors.joining(", "));
    }

    private static String rate(int functions, long nanos) {
        if (functions <= 0 || nanos <= 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.0f/s", functions / (nanos / 1e9));
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    private static String firstLine(Path file, String prefix) {
        try (var lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith(prefix)).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }
}
