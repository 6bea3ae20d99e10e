package dev.vista.internal.libc;

import static dev.vista.internal.libc.NativeFunction.address;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import org.junit.jupiter.api.Test;

/** The one upcall shape, called back by libc's qsort: what the ABI does with pointer arguments and an int result. */
class NativeCallbackTest {
    private static final long GARBAGE_IN_THE_UPPER_HALF = 0xdead_beef_0000_0000L;

    @Test
    void qsortSortsThroughAJavaComparator() {
        NativeFunction qsort = NativeCalls.libcFunction("qsort");
        MemorySegment descending = NativeCallback.ofStatic(MethodHandles.lookup(), NativeCallbackTest.class,
                "descending");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ints = arena.allocateFrom(JAVA_INT, 5, -3, 42, 0, 7, Integer.MIN_VALUE, -3);

            qsort.call(address(ints), ints.byteSize() / 4, 4, address(descending));

            assertThat(ints.toArray(JAVA_INT)).containsExactly(42, 7, 5, 0, -3, -3, Integer.MIN_VALUE);
        }
    }

    @Test
    void aMethodOfAnotherTypeIsRefusedWithItsName() {
        assertThatThrownBy(() -> NativeCallback.ofStatic(MethodHandles.lookup(), NativeCallbackTest.class,
                "intComparator"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(NativeCallbackTest.class.getName()
                        + " has no static method intComparator(long,long,long)long that ");
    }

    /**
     * qsort's {@code int (*)(const void *, const void *)}: two pointers, the third word unused; the int result goes
     * back with garbage above it, which C must not read.
     */
    @SuppressWarnings({"unused", "restricted"}) // called back by qsort; its elements are ints
    private static long descending(long left, long right, long unused) {
        int a = MemorySegment.ofAddress(left).reinterpret(4).get(JAVA_INT, 0);
        int b = MemorySegment.ofAddress(right).reinterpret(4).get(JAVA_INT, 0);
        return GARBAGE_IN_THE_UPPER_HALF | Integer.toUnsignedLong(Integer.compare(b, a));
    }

    @SuppressWarnings("unused") // the wrong type for a callback
    private static int intComparator(long left, long right, long unused) {
        return 0;
    }
}
