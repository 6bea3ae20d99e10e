package dev.vista.internal.libc;

import dev.vista.VistaException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A shared library opened by the first of its names that loads, for a binding class's static
 * {@link NativeFunction}s. A library (or symbol) that cannot be had does not fail the binding class's
 * initialisation, which would reach users as {@code ExceptionInInitializerError} and then
 * {@code NoClassDefFoundError}: its functions throw the library's own typed exception instead, on
 * every call, and {@link #require()} throws it up front.
 *
 * <p>The names come from a system property when it is set (comma-separated sonames or paths), so a
 * distribution's other name can be given, and a missing library can be tested.
 */
public final class SharedLibrary {
    private final SymbolLookup lookup; // null when no name loaded
    private final String loadedName;
    private final String loadFailure;
    private final Throwable loadCause;
    private final BiFunction<String, Throwable, VistaException> unavailable;

    private SharedLibrary(SymbolLookup lookup, String loadedName, String loadFailure, Throwable loadCause,
            BiFunction<String, Throwable, VistaException> unavailable) {
        this.lookup = lookup;
        this.loadedName = loadedName;
        this.loadFailure = loadFailure;
        this.loadCause = loadCause;
        this.unavailable = unavailable;
    }

    /**
     * Opens the first of {@code defaultNames} (or of the names in system property {@code property})
     * that loads. {@code unavailable} makes the exception thrown when none does, from a message that
     * names what was tried and why it failed.
     */
    @SuppressWarnings("restricted") // opening a native library
    public static SharedLibrary open(String property, List<String> defaultNames,
            BiFunction<String, Throwable, VistaException> unavailable) {
        String configured = System.getProperty(property);
        List<String> names = configured == null || configured.isBlank() ? defaultNames
                : Arrays.stream(configured.split(",")).map(String::strip).filter(name -> !name.isEmpty()).toList();
        List<String> failures = new ArrayList<>();
        IllegalArgumentException last = null;
        for (String name : names) {
            try {
                return new SharedLibrary(SymbolLookup.libraryLookup(name, Arena.global()), name, null, null, unavailable);
            } catch (IllegalArgumentException e) {
                failures.add(name + ": " + e.getMessage());
                last = e;
            }
        }
        String tried = configured == null ? "" : " (from system property " + property + ")";
        return new SharedLibrary(null, null, "could not be loaded, tried " + String.join("; ", failures) + tried, last,
                unavailable);
    }

    /** Throws the library's typed exception unless it was loaded. */
    public void require() {
        if (lookup == null) {
            throw failure(null);
        }
    }

    /** The name it was loaded by. */
    public String loadedName() {
        require();
        return loadedName;
    }

    /** Its function {@code name}; where the library or the function cannot be had, every call throws the typed one. */
    public NativeFunction function(String name) {
        MemorySegment symbol = symbol(name);
        return symbol == null ? NativeFunction.unavailable(name, () -> failure(name))
                : NativeFunction.at(name, symbol);
    }

    private MemorySegment symbol(String name) {
        return lookup == null ? null : lookup.find(name).orElse(null);
    }

    private VistaException failure(String function) {
        if (lookup == null) {
            return unavailable.apply(loadFailure, loadCause);
        }
        return unavailable.apply(loadedName + " has no function " + function + " (too old?)", null);
    }
}
