package dev.vista.internal.libc;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.function.Supplier;

/**
 * A C function whose arguments and result are integers or pointers, called through the one downcall handle that
 * all such functions share: six 64-bit words in, one out ({@link #call}), or the same with errno captured
 * ({@link #callCapturingErrno}).
 *
 * <p>Why one shape: the FFM linker spins classes (a {@code DowncallStub} and its lambda forms) for every distinct
 * {@link FunctionDescriptor}, about 0.1 s each on an emulated machine's cold JVM, and a trace used to bind 18 of them
 * before it listened (BENCHMARKS.md, issue 19, "Seventeenth round").
 *
 * <p>Why it is right: on the x86-64 System V ABI, which vista's BPF objects are built for, every int, long and pointer
 * argument of a non-variadic function travels in one 64-bit general-purpose register of its own, in order; the
 * callee reads only the low 32 bits of an int (a {@code bool} is passed as 0 or 1, as C's caller would) and ignores
 * the registers of arguments it does not have; a result comes back in rax, an int in its low 32 bits, which the
 * caller cuts ({@code (int) word}). Variadic
 * functions also need rax set to the number of vector registers used, which this shape does not do: bind them
 * with their own descriptor and {@link java.lang.foreign.Linker.Option#firstVariadicArg}
 * ({@link NativeCalls#downcallWithErrno}), as {@code open} and {@code syscall} are. Floating-point arguments or
 * results, and structs by value, do not fit either.
 *
 * <p>A pointer argument is a native segment's {@linkplain #address address}. Unlike a typed downcall, the call does
 * not keep the segment's arena open while it runs: pass segments whose arena the caller closes after the call (a
 * confined or global arena, or an object's own), never an automatic one.
 */
public final class NativeFunction {
    private static final FunctionDescriptor WORDS = FunctionDescriptor.of(JAVA_LONG,
            JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);
    /** {@code (MemorySegment function, long x 6) long}. */
    @SuppressWarnings("restricted") // calling native code
    private static final MethodHandle CALL = NativeCalls.linker().downcallHandle(WORDS);
    /** {@code (MemorySegment function, MemorySegment callState, long x 6) long}. */
    @SuppressWarnings("restricted") // calling native code
    private static final MethodHandle CALL_CAPTURING_ERRNO =
            NativeCalls.linker().downcallHandle(WORDS, NativeCalls.captureErrno());

    private final String name;
    private final MemorySegment address; // null when the function cannot be had
    private final Supplier<? extends RuntimeException> unavailable;

    private NativeFunction(String name, MemorySegment address, Supplier<? extends RuntimeException> unavailable) {
        this.name = name;
        this.address = address;
        this.unavailable = unavailable;
    }

    /** The function {@code name} at {@code address}. */
    public static NativeFunction at(String name, MemorySegment address) {
        return new NativeFunction(name, address, null);
    }

    /** A function that cannot be had: every call throws what {@code unavailable} makes. */
    public static NativeFunction unavailable(String name, Supplier<? extends RuntimeException> unavailable) {
        return new NativeFunction(name, null, unavailable);
    }

    /**
     * A native segment's address as an argument ({@link MemorySegment#NULL} is 0).
     *
     * @throws IllegalArgumentException for a segment on the Java heap, whose address C cannot use
     */
    public static long address(MemorySegment segment) {
        if (!segment.isNative()) {
            throw new IllegalArgumentException("a heap segment cannot be passed to C: allocate it in an arena");
        }
        return segment.address();
    }

    /** A pointer result as a zero-length segment, as a typed downcall returns it ({@link MemorySegment#NULL} for 0). */
    public static MemorySegment pointer(long word) {
        return MemorySegment.ofAddress(word);
    }

    public long call() {
        return call(0, 0, 0, 0, 0, 0);
    }

    public long call(long a) {
        return call(a, 0, 0, 0, 0, 0);
    }

    public long call(long a, long b) {
        return call(a, b, 0, 0, 0, 0);
    }

    public long call(long a, long b, long c) {
        return call(a, b, c, 0, 0, 0);
    }

    public long call(long a, long b, long c, long d) {
        return call(a, b, c, d, 0, 0);
    }

    public long call(long a, long b, long c, long d, long e) {
        return call(a, b, c, d, e, 0);
    }

    public long call(long a, long b, long c, long d, long e, long f) {
        MemorySegment target = target();
        try {
            return (long) CALL.invokeExact(target, a, b, c, d, e, f);
        } catch (Throwable t) {
            throw new AssertionError("the downcall of " + name + " failed", t);
        }
    }

    /** Calls it and stores the errno it leaves in {@code callState} ({@link NativeCalls#newCallState}). */
    public long callCapturingErrno(MemorySegment callState, long a) {
        return callCapturingErrno(callState, a, 0, 0, 0, 0, 0);
    }

    public long callCapturingErrno(MemorySegment callState, long a, long b) {
        return callCapturingErrno(callState, a, b, 0, 0, 0, 0);
    }

    public long callCapturingErrno(MemorySegment callState, long a, long b, long c) {
        return callCapturingErrno(callState, a, b, c, 0, 0, 0);
    }

    public long callCapturingErrno(MemorySegment callState, long a, long b, long c, long d) {
        return callCapturingErrno(callState, a, b, c, d, 0, 0);
    }

    public long callCapturingErrno(MemorySegment callState, long a, long b, long c, long d, long e) {
        return callCapturingErrno(callState, a, b, c, d, e, 0);
    }

    public long callCapturingErrno(MemorySegment callState, long a, long b, long c, long d, long e, long f) {
        MemorySegment target = target();
        try {
            return (long) CALL_CAPTURING_ERRNO.invokeExact(target, callState, a, b, c, d, e, f);
        } catch (Throwable t) {
            throw new AssertionError("the downcall of " + name + " failed", t);
        }
    }

    private MemorySegment target() {
        if (address == null) {
            throw unavailable.get();
        }
        return address;
    }
}
