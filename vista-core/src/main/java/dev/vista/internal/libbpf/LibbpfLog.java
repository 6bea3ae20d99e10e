package dev.vista.internal.libbpf;

import dev.vista.internal.libc.Libc;
import dev.vista.internal.libc.NativeCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes libbpf's log to SLF4J (logger "dev.vista.libbpf"): warnings as warn, libbpf's chatty info as
 * debug. The upcall stub lives in the global arena because libbpf keeps the pointer for the life of
 * the process.
 */
public final class LibbpfLog {
    private static final Logger LOG = LoggerFactory.getLogger("dev.vista.libbpf");
    private static final int LIBBPF_WARN = 0;
    private static final int LIBBPF_INFO = 1;
    private static final int MESSAGE_MAX = 4096;
    private static final ThreadLocal<Boolean> EXPECTING_FAILURES = ThreadLocal.withInitial(() -> false);
    private static volatile boolean installed;

    private LibbpfLog() {
    }

    @SuppressWarnings("restricted") // libbpf calls back into Java with its log lines
    public static synchronized void install() {
        if (installed) {
            return;
        }
        try {
            var handle = MethodHandles.lookup().findStatic(LibbpfLog.class, "print",
                    MethodType.methodType(int.class, int.class, MemorySegment.class, MemorySegment.class));
            MemorySegment stub = NativeCalls.linker().upcallStub(handle, Libbpf.PRINT_FN, Arena.global());
            Libbpf.libbpf_set_print(stub);
            installed = true;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Runs {@code action} with libbpf's warnings on this thread logged at debug: for probes whose
     * failures are expected answers, not problems.
     */
    public static <T> T expectingFailures(java.util.function.Supplier<T> action) {
        EXPECTING_FAILURES.set(true);
        try {
            return action.get();
        } finally {
            EXPECTING_FAILURES.set(false);
        }
    }

    /** Called by libbpf; must never throw (an exception escaping an upcall ends the JVM). */
    @SuppressWarnings("restricted") // libbpf's format string: NUL-terminated, of unknown length
    private static int print(int libbpfLevel, MemorySegment format, MemorySegment vaList) {
        try {
            int level = EXPECTING_FAILURES.get() ? Math.max(libbpfLevel, LIBBPF_INFO) : libbpfLevel;
            if (!enabled(level)) {
                return 0;
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buf = arena.allocate(MESSAGE_MAX);
                Libc.vsnprintf(buf, format.reinterpret(Long.MAX_VALUE), vaList);
                String message = buf.getString(0).stripTrailing();
                switch (level) {
                    case LIBBPF_WARN -> LOG.warn(message);
                    case LIBBPF_INFO -> LOG.debug(message);
                    default -> LOG.trace(message);
                }
            }
        } catch (Throwable t) {
            // Nothing may escape an upcall; losing one log line is the lesser harm.
        }
        return 0;
    }

    private static boolean enabled(int level) {
        return switch (level) {
            case LIBBPF_WARN -> LOG.isWarnEnabled();
            case LIBBPF_INFO -> LOG.isDebugEnabled();
            default -> LOG.isTraceEnabled();
        };
    }
}
