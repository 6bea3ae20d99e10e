package dev.vista.internal.libc;

import static dev.vista.internal.libc.NativeFunction.address;
import static dev.vista.internal.libc.NativeFunction.pointer;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The one downcall shape against libc's own functions: what the ABI does with each kind of argument and result. */
class NativeFunctionTest {
    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
    private static final int EBADF = 9;

    @Test
    void anIntArgumentIsReadFromTheLow32BitsOfItsWord() {
        NativeFunction abs = NativeCalls.libcFunction("abs");

        assertThat((int) abs.call(-7)).isEqualTo(7);
        assertThat((int) abs.call(0xdead_beef_0000_0005L)).isEqualTo(5);
        assertThat((int) abs.call(Integer.MIN_VALUE)).isEqualTo(Integer.MIN_VALUE);
    }

    @Test
    void pointersGoInAndComeBackAsAddresses() {
        NativeFunction strchr = NativeCalls.libcFunction("strchr");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment text = arena.allocateFrom("kfree_skb");

            assertThat(pointer(strchr.call(address(text), '_')).address()).isEqualTo(text.address() + 5);
            assertThat(pointer(strchr.call(address(text), 'z'))).isEqualTo(MemorySegment.NULL);
        }
    }

    @Test
    @SuppressWarnings("restricted") // the mapping is as long as asked for
    void allSixArgumentsArrive() {
        NativeFunction mmap = NativeCalls.libcFunction("mmap");
        NativeFunction munmap = NativeCalls.libcFunction("munmap");
        long length = Libc.pageSize();

        long mapped = mmap.call(0, length, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0);

        assertThat(mapped).isNotEqualTo(-1L).isNotZero();
        MemorySegment mapping = pointer(mapped).reinterpret(length);
        mapping.set(JAVA_LONG, length - 8, 0x1234_5678_9abc_def0L);
        assertThat(mapping.get(JAVA_LONG, length - 8)).isEqualTo(0x1234_5678_9abc_def0L);
        assertThat((int) munmap.call(mapped, length)).isZero();
    }

    @Test
    void errnoIsCapturedByTheCall() {
        NativeFunction close = NativeCalls.libcFunction("close");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment callState = NativeCalls.newCallState(arena);

            assertThat((int) close.callCapturingErrno(callState, -1)).isEqualTo(-1);
            assertThat(NativeCalls.errno(callState)).isEqualTo(EBADF);
        }
    }

    @Test
    void aHeapSegmentIsRefusedAsAPointer() {
        assertThatThrownBy(() -> address(MemorySegment.ofArray(new byte[8])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a heap segment cannot be passed to C: allocate it in an arena");
        assertThat(address(MemorySegment.NULL)).isZero();
    }

    @Test
    void aMissingLibcFunctionIsRefusedWhenBound() {
        assertThatThrownBy(() -> NativeCalls.libcFunction("vista_no_such_function"))
                .isInstanceOf(UnsatisfiedLinkError.class)
                .hasMessage("native symbol not found: vista_no_such_function");
    }
}
