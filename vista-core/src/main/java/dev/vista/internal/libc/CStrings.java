package dev.vista.internal.libc;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * C arrays of strings ({@code const char **}) for calls that take thousands of names at once, such as kprobe-multi's
 * function list. Two allocations and two bulk copies, however many strings: a segment per name, set one pointer
 * at a time, cost 0.36 s of the emulated VM's load and attach of 1,628 skb functions, run by the interpreter
 * (BENCHMARKS.md, "Thirteenth round").
 */
public final class CStrings {
    private CStrings() {
    }

    /**
     * An array of pointers to NUL-terminated UTF-8 copies of {@code strings}, in order, all allocated in
     * {@code arena}. A string that contains a NUL would end early in C, and is refused.
     */
    public static MemorySegment array(Arena arena, String... strings) {
        if (ADDRESS.byteSize() != Long.BYTES) {
            throw new UnsupportedOperationException("C string arrays need 64-bit pointers");
        }
        byte[][] encoded = new byte[strings.length][];
        int size = 0;
        for (int i = 0; i < strings.length; i++) {
            if (strings[i].indexOf('\0') >= 0) {
                throw new IllegalArgumentException("string " + i + " contains a NUL character: " + strings[i]);
            }
            encoded[i] = strings[i].getBytes(StandardCharsets.UTF_8);
            size += encoded[i].length + 1;
        }
        byte[] text = new byte[size]; // the NULs that end the strings are the zeros left between them
        int[] starts = new int[strings.length];
        int start = 0;
        for (int i = 0; i < encoded.length; i++) {
            System.arraycopy(encoded[i], 0, text, start, encoded[i].length);
            starts[i] = start;
            start += encoded[i].length + 1;
        }
        MemorySegment textSegment = arena.allocateFrom(JAVA_BYTE, text);
        long[] pointers = new long[strings.length];
        for (int i = 0; i < pointers.length; i++) {
            pointers[i] = textSegment.address() + starts[i];
        }
        return arena.allocateFrom(JAVA_LONG, pointers);
    }
}
