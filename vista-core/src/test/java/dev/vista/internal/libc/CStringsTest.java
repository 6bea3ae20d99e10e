package dev.vista.internal.libc;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CStringsTest {
    /** libc's own reading of a C string: where its NUL is. */
    private static final NativeFunction STRLEN = NativeCalls.libcFunction("strlen");

    @Test
    @SuppressWarnings("restricted") // reading the strings the pointers point at, within this test's arena
    void eachPointerLeadsToItsStringEndedByANul() {
        String[] strings = {"ip_rcv", "", "__netif_receive_skb_core.constprop.0", "größe"};
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment array = CStrings.array(arena, strings);

            assertThat(array.byteSize()).isEqualTo(strings.length * ADDRESS.byteSize());
            for (int i = 0; i < strings.length; i++) {
                MemorySegment string = array.getAtIndex(ADDRESS, i);
                assertThat(STRLEN.call(NativeFunction.address(string))).as("strlen of string %d", i)
                        .isEqualTo(strings[i].getBytes(StandardCharsets.UTF_8).length);
                assertThat(string.reinterpret(Long.MAX_VALUE).getString(0)).isEqualTo(strings[i]);
            }
        }
    }

    @Test
    void noStringsMakeAnEmptyArray() {
        try (Arena arena = Arena.ofConfined()) {
            assertThat(CStrings.array(arena).byteSize()).isZero();
        }
    }

    @Test
    void aStringWithANulIsRefusedByItsIndex() {
        try (Arena arena = Arena.ofConfined()) {
            assertThatThrownBy(() -> CStrings.array(arena, "ip_rcv", "bad\0name"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("string 1 contains a NUL character");
        }
    }
}
