package dev.vista.internal.pcapfilter;

import static dev.vista.internal.libc.NativeFunction.address;
import static dev.vista.internal.libc.NativeFunction.pointer;

import dev.vista.LibpcapUnavailableException;
import dev.vista.internal.libc.NativeFunction;
import dev.vista.internal.libc.SharedLibrary;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Hand-written bindings of the part of libpcap (libpcap.so.0.8 on Debian/Ubuntu, libpcap.so.1 on
 * Fedora, RHEL and Arch) that compiles and interprets filters, in the shape jextract would generate:
 * one static method per C function, C names kept, each a {@link NativeFunction}. No capture happens: handles
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

    private static final NativeFunction pcap_open_dead = LIB.function("pcap_open_dead");
    private static final NativeFunction pcap_compile = LIB.function("pcap_compile");
    private static final NativeFunction pcap_geterr = LIB.function("pcap_geterr");
    private static final NativeFunction pcap_freecode = LIB.function("pcap_freecode");
    private static final NativeFunction pcap_close = LIB.function("pcap_close");
    private static final NativeFunction pcap_offline_filter = LIB.function("pcap_offline_filter");

    private Libpcap() {
    }

    /** Throws {@link LibpcapUnavailableException} unless libpcap is loaded. */
    public static void require() {
        LIB.require();
    }

    /** A pcap_t for compiling only; NULL when out of memory. */
    public static MemorySegment pcap_open_dead(int linktype, int snaplen) {
        return pointer(pcap_open_dead.call(linktype, snaplen));
    }

    /** 0, or -1 with the reason in pcap_geterr. */
    public static int pcap_compile(MemorySegment p, MemorySegment program, MemorySegment expression, int optimize,
            int netmask) {
        return (int) pcap_compile.call(address(p), address(program), address(expression), optimize, netmask);
    }

    public static MemorySegment pcap_geterr(MemorySegment p) {
        return pointer(pcap_geterr.call(address(p)));
    }

    public static void pcap_freecode(MemorySegment program) {
        pcap_freecode.call(address(program));
    }

    public static void pcap_close(MemorySegment p) {
        pcap_close.call(address(p));
    }

    /** The filter's return value: non-zero when the packet matches. */
    public static int pcap_offline_filter(MemorySegment program, MemorySegment header, MemorySegment packet) {
        return (int) pcap_offline_filter.call(address(program), address(header), address(packet));
    }
}
