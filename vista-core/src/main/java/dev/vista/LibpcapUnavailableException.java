package dev.vista;

import java.io.Serial;

/** libpcap, which compiles pcap-filter expressions, is missing (only tracers given an expression need it). */
public final class LibpcapUnavailableException extends VistaException {
    @Serial
    private static final long serialVersionUID = 1L;

    public LibpcapUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
