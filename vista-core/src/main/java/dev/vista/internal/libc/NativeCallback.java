package dev.vista.internal.libc;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * A C function pointer that calls a static Java method, made through the one upcall shape that all of vista's
 * callbacks share: three 64-bit words in, one out ({@link #TYPE}).
 *
 * <p>Why one shape: the FFM linker spins an {@code UpcallStub} class and its lambda forms for every distinct
 * {@link FunctionDescriptor}, tenths of a second on an emulated machine's cold JVM, and a trace makes two callbacks
 * before it listens (libbpf's log and our tracepoint section; BENCHMARKS.md, issue 19, "Eighteenth round").
 *
 * <p>Why it is right: on the x86-64 System V ABI, as for {@link NativeFunction}, the C caller passes each int, long or
 * pointer argument in a 64-bit register of its own, in order, and reads an int result from the low 32 bits of rax. So
 * the Java method cuts an int argument to its low 32 bits ({@code (int) word}: the upper ones are not defined), takes
 * a pointer as {@link MemorySegment#ofAddress}, ignores the words of arguments the callback does not have, and
 * returns an int result as a long. Callbacks of more than three arguments, or with floating-point or struct ones, do
 * not fit.
 *
 * <p>The method must never throw: an exception escaping an upcall ends the JVM.
 */
public final class NativeCallback {
    /** {@code long (long, long, long)}: what the Java method must be. */
    public static final MethodType TYPE = MethodType.methodType(long.class, long.class, long.class, long.class);
    private static final FunctionDescriptor WORDS = FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);

    private NativeCallback() {
    }

    /**
     * A function pointer to {@code owner}'s static method {@code name} of {@link #TYPE}, found with {@code lookup} (the
     * caller's, which may see private methods), valid for the rest of the process (for C libraries that keep it that
     * long, as libbpf does).
     *
     * @throws IllegalArgumentException when {@code lookup} finds no such method
     */
    @SuppressWarnings("restricted") // C calls back into Java
    public static MemorySegment ofStatic(MethodHandles.Lookup lookup, Class<?> owner, String name) {
        MethodHandle target;
        try {
            target = lookup.findStatic(owner, name, TYPE);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("%s has no static method %s%s that %s can call back"
                    .formatted(owner.getName(), name, TYPE, lookup), e);
        }
        return NativeCalls.linker().upcallStub(target, WORDS, Arena.global());
    }
}
