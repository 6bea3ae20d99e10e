package dev.vista.examples.cli;

import dev.vista.InvalidPlanException;
import dev.vista.TracerBuilder;
import dev.vista.VistaException;
import dev.vista.pcap.PcapngSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** vista's packet capture flags: the packets of skb events written to a pcapng file. */
final class PcapOptions {
    static final String STANDARD_OUTPUT = "-";

    @Option(names = "--pcap-file", paramLabel = "FILE",
            description = "also write the packet of each skb event to this pcapng file ('-': standard output, "
                    + "then the text goes to standard error)")
    String file;

    @Option(names = "--pcap-snaplen", paramLabel = "N", defaultValue = "256",
            description = "capture at most N bytes of each packet, 1 to " + TracerBuilder.MAX_SNAPLEN
                    + " (default 256)")
    int snaplen;

    @Option(names = "--pcap-mode", paramLabel = "MODES", split = ",", defaultValue = "entry",
            description = "where packets are captured: entry, the packet as the tracepoint or function sees it "
                    + "(exit applies to TC/XDP programs and function exits, which are not traced yet)")
    List<String> modes;

    boolean toStandardOutput() {
        return STANDARD_OUTPUT.equals(file);
    }

    /** Checks the flags and, with --pcap-file, asks the tracer for packets. */
    void applyTo(TracerBuilder builder) {
        for (String mode : modes) {
            switch (mode) {
                case "entry" -> {
                }
                case "exit" -> throw new InvalidPlanException("--pcap-mode exit captures packets as TC/XDP programs "
                        + "or kernel functions return; tracepoints and function entries see them once, on entry: use "
                        + "--pcap-mode entry");
                default -> throw new InvalidPlanException("--pcap-mode '" + mode + "' is not valid: give entry");
            }
        }
        if (file != null) {
            builder.capturePackets(snaplen);
        }
    }

    /** The capture sink, or null without --pcap-file. */
    PcapngSink open() {
        if (file == null) {
            return null;
        }
        try {
            return toStandardOutput() ? PcapngSink.toStandardOutput() : PcapngSink.create(Path.of(file));
        } catch (IOException e) {
            throw new VistaException("cannot write --pcap-file " + file + ": " + FileProblem.describe(e), e);
        }
    }
}
