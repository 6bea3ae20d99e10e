package dev.vista.internal.pcap;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.vista.VistaException;
import dev.vista.internal.libc.NativeCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * Hand-written bindings of the part of libpcap (libpcap.so.0.8, Debian's libpcap0.8) that compiles
 * and interprets filters, in the shape jextract would generate: one method handle and one static
 * method per C function, C names kept. No capture happens: handles come from pcap_open_dead.
 */
public final class Libpcap {
    public static final String SONAME = "libpcap.so.0.8";
    /** Link types of {@code <pcap/dlt.h>} on Linux. */
    public static final int DLT_EN10MB = 1;
    public static final int DLT_RAW = 12;
    /** {@code PCAP_NETMASK_UNKNOWN}: expressions that need the netmask (ip broadcast) are refused. */
    public static final int PCAP_NETMASK_UNKNOWN = 0xffffffff;

    private static final SymbolLookup LIB = openLibrary();

    private static final MethodHandle pcap_open_dead = fn("pcap_open_dead",
            FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle pcap_compile = fn("pcap_compile",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle pcap_geterr = fn("pcap_geterr", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle pcap_freecode = fn("pcap_freecode", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle pcap_close = fn("pcap_close", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle pcap_offline_filter = fn("pcap_offline_filter",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));

    private Libpcap() {
    }

    private static SymbolLookup openLibrary() {
        try {
            return SymbolLookup.libraryLookup(SONAME, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new VistaException(SONAME + " could not be loaded (" + e.getMessage()
                    + "); pcap-filter expressions need it: apt-get install libpcap0.8", e);
        }
    }

    private static MethodHandle fn(String name, FunctionDescriptor descriptor) {
        return NativeCalls.downcall(LIB, name, descriptor);
    }

    /** A pcap_t for compiling only; NULL when out of memory. */
    public static MemorySegment pcap_open_dead(int linktype, int snaplen) {
        try {
            return (MemorySegment) pcap_open_dead.invokeExact(linktype, snaplen);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** 0, or -1 with the reason in pcap_geterr. */
    public static int pcap_compile(MemorySegment p, MemorySegment program, MemorySegment expression, int optimize,
            int netmask) {
        try {
            return (int) pcap_compile.invokeExact(p, program, expression, optimize, netmask);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static MemorySegment pcap_geterr(MemorySegment p) {
        try {
            return (MemorySegment) pcap_geterr.invokeExact(p);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static void pcap_freecode(MemorySegment program) {
        try {
            pcap_freecode.invokeExact(program);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static void pcap_close(MemorySegment p) {
        try {
            pcap_close.invokeExact(p);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** The filter's return value: non-zero when the packet matches. */
    public static int pcap_offline_filter(MemorySegment program, MemorySegment header, MemorySegment packet) {
        try {
            return (int) pcap_offline_filter.invokeExact(program, header, packet);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** invokeExact only throws what the native function cannot: a bug in these bindings. */
    private static AssertionError unexpected(Throwable t) {
        return new AssertionError("libpcap binding failed", t);
    }
}
