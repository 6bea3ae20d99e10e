package dev.vista.internal.libc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.VistaException;
import java.io.Serial;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SharedLibraryTest {
    private static final String PROPERTY = "vista.test.shared-library";

    /** The typed exception a binding class would give. */
    static final class NoSuchLibraryException extends VistaException {
        @Serial
        private static final long serialVersionUID = 1L;

        NoSuchLibraryException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static SharedLibrary open(List<String> names) {
        return SharedLibrary.open(PROPERTY, names, (problem, cause) -> new NoSuchLibraryException("test lib " + problem, cause));
    }

    @AfterEach
    void clearProperty() {
        System.clearProperty(PROPERTY);
    }

    @Test
    void theFirstNameThatLoadsIsUsed() {
        SharedLibrary libc = open(List.of("libvista-none.so.7", "libc.so.6"));

        NativeFunction getpid = libc.function("getpid");

        assertThat(libc.loadedName()).isEqualTo("libc.so.6");
        assertThat((int) getpid.call()).isEqualTo((int) ProcessHandle.current().pid());
    }

    @Test
    void aMissingLibraryFailsEveryCallWithTheTypedExceptionNamingWhatWasTried() {
        SharedLibrary missing = open(List.of("libvista-none.so.7", "libvista-none.so.8"));
        NativeFunction getpid = missing.function("getpid");
        NativeFunction close = missing.function("close");

        assertThatThrownBy(missing::require).isInstanceOf(NoSuchLibraryException.class)
                .hasMessageStartingWith("test lib could not be loaded, tried libvista-none.so.7: ")
                .hasMessageContaining("; libvista-none.so.8: ");
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(getpid::call).isInstanceOf(NoSuchLibraryException.class)
                    .hasMessageContaining("libvista-none.so.8");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment callState = NativeCalls.newCallState(arena);
            assertThatThrownBy(() -> close.callCapturingErrno(callState, -1))
                    .isInstanceOf(NoSuchLibraryException.class);
        }
    }

    @Test
    void aMissingFunctionFailsItsCallsOnly() {
        SharedLibrary libc = open(List.of("libc.so.6"));

        NativeFunction missing = libc.function("vista_no_such_function");

        libc.require();
        assertThat((int) libc.function("getpid").call()).isEqualTo((int) ProcessHandle.current().pid());
        assertThatThrownBy(() -> missing.call(1)).isInstanceOf(NoSuchLibraryException.class)
                .hasMessage("test lib libc.so.6 has no function vista_no_such_function (too old?)");
    }

    @Test
    void theSystemPropertyReplacesTheNames() {
        System.setProperty(PROPERTY, " libvista-none.so.9 , ");

        assertThatThrownBy(open(List.of("libc.so.6"))::require).isInstanceOf(NoSuchLibraryException.class)
                .hasMessageStartingWith("test lib could not be loaded, tried libvista-none.so.9: ")
                .hasMessageEndingWith("(from system property " + PROPERTY + ")");
    }
}
