package dev.vista.internal.libbpf;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.internal.libc.NativeCalls;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** libbpf's own log lines, formatted from its format string and va_list, reach SLF4J through the callback. */
class LibbpfLogTest {
    private static final byte[] NOT_ELF = "not an ELF object".getBytes(StandardCharsets.US_ASCII);

    @BeforeAll
    static void install() {
        LibbpfLog.install();
    }

    @Test
    void aWarningIsLoggedWithItsArgumentsFormatted() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocateFrom(JAVA_BYTE, NOT_ELF);

            String log = stderrOf(() -> assertThat(Libbpf.bpf_object__open_mem(NativeCalls.newCallState(arena), buf,
                    buf.byteSize(), MemorySegment.NULL)).isEqualTo(MemorySegment.NULL));

            // libbpf names an object opened from memory "<address>-<size>" in hex, an argument of its va_list.
            assertThat(log).contains("WARN dev.vista.libbpf - libbpf: elf: '%x-%x' ".formatted(buf.address(),
                    buf.byteSize()));
        }
    }

    @Test
    void anExpectedFailureIsLoggedAtDebugOnly() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocateFrom(JAVA_BYTE, NOT_ELF);

            String log = stderrOf(() -> LibbpfLog.expectingFailures(() -> Libbpf.bpf_object__open_mem(
                    NativeCalls.newCallState(arena), buf, buf.byteSize(), MemorySegment.NULL)));

            assertThat(log).doesNotContain("dev.vista.libbpf");
        }
    }

    private static String stderrOf(Runnable action) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8)); // where slf4j-simple logs
        try {
            action.run();
        } finally {
            System.setErr(stderr);
        }
        return log.toString(StandardCharsets.UTF_8);
    }
}
