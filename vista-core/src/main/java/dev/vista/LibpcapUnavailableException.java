package dev.vista;

/** libpcap, which compiles pcap-filter expressions, is missing (only tracers given an expression need it). */
public final class LibpcapUnavailableException extends VistaException {
    public LibpcapUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
