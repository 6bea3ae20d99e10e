package dev.vista.internal.libc;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * How the bindings look up symbols and build downcalls: the one place that knows the linker,
 * and how a call's errno is captured (errno must be read right after the call, inside the same
 * downcall, because the JVM itself may change it).
 */
public final class NativeCalls {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    /** Read at an offset, not through a layout path's VarHandle, whose first use spins classes (issue 19). */
    private static final long ERRNO_OFFSET = offset(CALL_STATE, "errno");
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private NativeCalls() {
    }

    public static Linker linker() {
        return LINKER;
    }

    /** The C library's symbols. */
    public static SymbolLookup libc() {
        return LINKER.defaultLookup();
    }

    /** The C library's function {@code name} (see {@link NativeFunction}). */
    public static NativeFunction libcFunction(String name) {
        return NativeFunction.at(name, find(libc(), name));
    }

    /**
     * A downcall of its own shape whose first argument is a call-state segment (see {@link #newCallState}) that
     * receives errno; {@code options} add to that, e.g. where a variadic function's variable arguments start. For a
     * variadic function: every other function is a {@link NativeFunction}.
     */
    @SuppressWarnings("restricted") // binding a native function
    public static MethodHandle downcallWithErrno(SymbolLookup lookup, String name, FunctionDescriptor descriptor,
            Linker.Option... options) {
        Linker.Option[] all = java.util.Arrays.copyOf(options, options.length + 1);
        all[options.length] = CAPTURE_ERRNO;
        return LINKER.downcallHandle(find(lookup, name), descriptor, all);
    }

    static Linker.Option captureErrno() {
        return CAPTURE_ERRNO;
    }

    /** Byte offset of a named member of a struct layout. */
    public static long offset(StructLayout layout, String member) {
        return layout.byteOffset(MemoryLayout.PathElement.groupElement(member));
    }

    public static MemorySegment newCallState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    public static int errno(MemorySegment callState) {
        return callState.get(JAVA_INT, ERRNO_OFFSET);
    }

    private static MemorySegment find(SymbolLookup lookup, String name) {
        return lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError("native symbol not found: " + name));
    }
}
