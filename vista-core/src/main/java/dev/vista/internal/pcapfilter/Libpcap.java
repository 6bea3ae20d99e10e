package dev.vista.internal.pcapfilter;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.vista.LibpcapUnavailableException;
import dev.vista.internal.libc.SharedLibrary;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * Hand-written bindings of the part of libpcap (libpcap.so.0.8 on Debian/Ubuntu, libpcap.so.1 on
 * Fedora, RHEL and Arch) that compiles and interprets filters, in the shape jextract would generate:
 * one method handle and one static method per C function, C names kept. No capture happens: handles
 * come from pcap_open_dead.
 */
public final class Libpcap {
    /** Sonames tried in order: Debian/Ubuntu's, then everyone else's. */
    public static final List<String> SONAMES = List.of("libpcap.so.0.8", "libpcap.so.1");
    /** {@code -Dvista.libpcap=NAME[,NAME...]} replaces {@link #SONAMES} (a path works too). */
    public static final String LIBRARY_PROPERTY = "vista.libpcap";
    /** Link types of {@code <pcap/dlt.h>} on Linux. */
    public static final int DLT_EN10MB = 1;
    public static final int DLT_RAW = 12;
    /** {@code PCAP_NETMASK_UNKNOWN}: expressions that need the netmask (ip broadcast) are refused. */
    public static final int PCAP_NETMASK_UNKNOWN = 0xffffffff;

    private static final SharedLibrary LIB = SharedLibrary.open(LIBRARY_PROPERTY, SONAMES,
            (problem, cause) -> new LibpcapUnavailableException("libpcap " + problem
                    + "; pcap-filter expressions need it: install it (Debian/Ubuntu: apt-get install libpcap0.8,"
                    + " Fedora/RHEL: dnf install libpcap)", cause));

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

    /** Throws {@link LibpcapUnavailableException} unless libpcap is loaded. */
    public static void require() {
        LIB.require();
    }

    private static MethodHandle fn(String name, FunctionDescriptor descriptor) {
        return LIB.downcall(name, descriptor);
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

    /** A missing library's typed exception goes through; anything else is a bug in these bindings. */
    private static RuntimeException unexpected(Throwable t) {
        if (t instanceof LibpcapUnavailableException e) {
            return e;
        }
        throw new AssertionError("libpcap binding failed", t);
    }
}
