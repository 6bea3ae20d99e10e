package dev.vista.examples.cli;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Holds the JIT's optimizing compiler (C2) back at the lowest priority while the CLI starts, and returns it to its
 * priority once the trace runs. Start-up is one-time work (picocli's model, the kernel's BTF, classes spun by the
 * JDK) that C2 would otherwise compile on one of the two CPUs of our machines, for code that rarely runs again:
 * start -> "Listening" 0.76 -> 0.66 s (BENCHMARKS.md, issue 19). C1 still compiles; C2 works when a CPU is idle.
 * Under a flood C2 must compile the event path at full priority, so every command that starts a trace calls
 * {@link #restore()} as soon as it has started (or before it starts one of its own kind), and main calls it last.
 *
 * <p>Done only where the priority can be restored: as root, or with CAP_SYS_NICE. A thread's nice value comes from
 * /proc; setpriority(2) sets it, per thread on Linux.
 */
final class StartupCompilerPriority {
    /** The JVM's name for its C2 threads, as /proc shows it (cut at 15 characters). */
    private static final String C2_THREAD = "C2 CompilerThre";
    private static final int LOWEST = 19;
    private static final int PRIO_PROCESS = 0;
    private static final int CAP_SYS_NICE = 23;
    private static final Path TASKS = Path.of("/proc/self/task");
    /** The process's own, which main lowers and the commands restore. */
    private static final StartupCompilerPriority PROCESS = new StartupCompilerPriority();
    /** Thread id to the nice value it had. */
    private final Map<Integer, Integer> lowered = new HashMap<>();
    private boolean restored;

    /** Lowers the C2 threads on a thread of its own: binding setpriority is a first use of the FFM linker. */
    static void lowerInBackground() {
        Thread.ofPlatform().name("vista-jit-priority").daemon().start(PROCESS::lower);
    }

    /** Returns the C2 threads to the priority they had; later calls, and a lowering not yet done, do nothing. */
    static void restore() {
        PROCESS.restoreLowered();
    }

    /** Sets every C2 thread at a higher priority than the lowest to the lowest, if it may be restored. */
    synchronized void lower() {
        if (restored || !mayRaisePriority()) {
            return;
        }
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                if (Files.readString(task.resolve("comm")).startsWith(C2_THREAD)) {
                    int tid = Integer.parseInt(task.getFileName().toString());
                    int nice = nice(Files.readString(task.resolve("stat")));
                    if (nice < LOWEST && setNice(tid, LOWEST)) {
                        lowered.put(tid, nice);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux's /proc as expected: start as the JVM set things up.
        }
    }

    /** Gives each lowered thread its nice value back, once. */
    synchronized void restoreLowered() {
        if (restored) {
            return;
        }
        restored = true;
        lowered.forEach((tid, nice) -> setNice(tid, nice));
        lowered.clear();
    }

    /** Root has every capability; CAP_SYS_NICE lets others set a nice value below the one they have. */
    private static boolean mayRaisePriority() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(line -> line.startsWith("CapEff:")).findFirst()
                    .map(line -> new BigInteger(line.substring("CapEff:".length()).strip(), 16).testBit(CAP_SYS_NICE))
                    .orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    /** The nice value in a /proc/TID/stat line: the 17th field after the command's closing parenthesis. */
    static int nice(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }

    private static boolean setNice(int tid, int nice) {
        try {
            return (int) Setpriority.HANDLE.invokeExact(PRIO_PROCESS, tid, nice) == 0;
        } catch (Throwable t) {
            return false;
        }
    }

    /** {@code int setpriority(int which, id_t who, int prio)}, bound when first called. */
    private static final class Setpriority {
        @SuppressWarnings("restricted") // a libc function with plain int arguments
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(
                Linker.nativeLinker().defaultLookup().find("setpriority").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    }
}
