package dev.vista.benchmarks;

import java.util.HexFormat;

/** The packets and expression the pcap-filter benchmarks run: a typical filter and a frame it matches. */
final class PcapPackets {
    /** A typical expression: protocol, port and host. */
    static final String TYPICAL = "tcp port 443 and host 10.0.0.1";
    /** One libpcap reduces to "accept": what the program costs around the filter itself. */
    static final String TRIVIAL = "len >= 0";
    /** Ethernet + IPv4 (10.0.0.2 -> 10.0.0.1) + TCP SYN to port 443, 54 bytes. */
    static final byte[] TCP_SYN_TO_443 = HexFormat.of().parseHex(
            "020000000001020000000002" + "0800"
            + "45000028abcd40004006" + "0000" + "0a000002" + "0a000001"
            + "c35001bb" + "00000001" + "00000000" + "5002ffff" + "00000000");

    private PcapPackets() {
    }
}
