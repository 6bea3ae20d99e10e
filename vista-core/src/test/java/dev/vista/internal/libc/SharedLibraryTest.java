package dev.vista.internal.libc;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.VistaException;
import java.io.Serial;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
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
    void theFirstNameThatLoadsIsUsed() throws Throwable {
        SharedLibrary libc = open(List.of("libvista-none.so.7", "libc.so.6"));

        MethodHandle getpid = libc.downcall("getpid", FunctionDescriptor.of(JAVA_INT));

        assertThat(libc.loadedName()).isEqualTo("libc.so.6");
        assertThat((int) getpid.invokeExact()).isEqualTo((int) ProcessHandle.current().pid());
    }

    @Test
    void aMissingLibraryFailsEveryCallWithTheTypedExceptionNamingWhatWasTried() {
        SharedLibrary missing = open(List.of("libvista-none.so.7", "libvista-none.so.8"));
        MethodHandle getpid = missing.downcall("getpid", FunctionDescriptor.of(JAVA_INT));
        MethodHandle strerror = missing.downcallWithErrno("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

        assertThatThrownBy(missing::require).isInstanceOf(NoSuchLibraryException.class)
                .hasMessageStartingWith("test lib could not be loaded, tried libvista-none.so.7: ")
                .hasMessageContaining("; libvista-none.so.8: ");
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> {
                int pid = (int) getpid.invokeExact();
            }).isInstanceOf(NoSuchLibraryException.class).hasMessageContaining("libvista-none.so.8");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment callState = NativeCalls.newCallState(arena);
            assertThatThrownBy(() -> {
                MemorySegment text = (MemorySegment) strerror.invokeExact(callState, 1);
            }).isInstanceOf(NoSuchLibraryException.class);
        }
    }

    @Test
    void aMissingFunctionFailsItsCallsOnly() throws Throwable {
        SharedLibrary libc = open(List.of("libc.so.6"));

        MethodHandle missing = libc.downcall("vista_no_such_function", FunctionDescriptor.of(JAVA_LONG, JAVA_INT));

        libc.require();
        assertThatThrownBy(() -> {
            long result = (long) missing.invokeExact(1);
        }).isInstanceOf(NoSuchLibraryException.class)
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
