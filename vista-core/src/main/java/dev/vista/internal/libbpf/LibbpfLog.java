package dev.vista.internal.libbpf;

import dev.vista.internal.libc.Libc;
import dev.vista.internal.libc.NativeCallback;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes libbpf's log to SLF4J (logger "dev.vista.libbpf"): warnings as warn, libbpf's chatty info as
 * debug. The callback lives as long as the process because libbpf keeps the pointer that long.
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

    public static synchronized void install() {
        if (installed) {
            return;
        }
        Libbpf.libbpf_set_print(NativeCallback.ofStatic(MethodHandles.lookup(), LibbpfLog.class, "print"));
        installed = true;
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

    /**
     * Called by libbpf as its {@code libbpf_print_fn_t}, {@code int (enum libbpf_print_level, const char *format,
     * va_list)} (a va_list is a pointer on x86-64; {@link NativeCallback} says how the words map); must never throw.
     */
    @SuppressWarnings("restricted") // libbpf's format string: NUL-terminated, of unknown length
    private static long print(long libbpfLevel, long format, long vaList) {
        try {
            int level = EXPECTING_FAILURES.get() ? Math.max((int) libbpfLevel, LIBBPF_INFO) : (int) libbpfLevel;
            if (!enabled(level)) {
                return 0;
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buf = arena.allocate(MESSAGE_MAX);
                Libc.vsnprintf(buf, MemorySegment.ofAddress(format).reinterpret(Long.MAX_VALUE),
                        MemorySegment.ofAddress(vaList));
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
