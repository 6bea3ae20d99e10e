package dev.vista.examples.cli;

import dev.vista.InvalidPlanException;
import dev.vista.TracerBuilder;
import dev.vista.VistaException;
import dev.vista.pcap.CaptureMode;
import dev.vista.pcap.PcapngSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.OptionSpec;

/** vista's packet capture flags: the packets of skb events (and of TC/XDP programs) written to a pcapng file. */
final class PcapOptions extends FlagGroup {
    static final String STANDARD_OUTPUT = "-";

    private final OptionSpec file = option("--pcap-file", "FILE", String.class,
            "also write the packet of each skb event to this pcapng file ('-': standard output, "
                    + "then the text goes to standard error)");
    private final OptionSpec snaplen = add(OptionSpec.builder("--pcap-snaplen").paramLabel("N").type(int.class)
            .defaultValue("256")
            .description("capture at most N bytes of each packet, 1 to " + TracerBuilder.MAX_SNAPLEN
                    + " (default 256)"));
    private final OptionSpec modes = add(OptionSpec.builder("--pcap-mode").paramLabel("MODES").type(List.class)
            .auxiliaryTypes(String.class).splitRegex(",").defaultValue("entry")
            .description("which packets are written: entry (as tracepoints, functions and TC/XDP programs' entries "
                    + "see them), exit (as TC/XDP programs left them, with the verdict), or entry,exit"));

    /** The --pcap-file, or null. */
    String file() {
        return file.getValue();
    }

    boolean toStandardOutput() {
        return STANDARD_OUTPUT.equals(file());
    }

    /**
     * Checks the flags and, with --pcap-file, asks the tracer for packets.
     *
     * @param tracesPrograms whether TC or XDP programs are traced: only they have an exit that carries a packet
     */
    void applyTo(TracerBuilder builder, boolean tracesPrograms) {
        if (captureModes().contains(CaptureMode.EXIT) && !tracesPrograms) {
            throw new InvalidPlanException("--pcap-mode exit writes the packets as TC/XDP programs leave them: add "
                    + "--filter-trace-tc or --filter-trace-xdp; tracepoints and kernel functions see a packet once, "
                    + "on entry (function exits are not traced): use --pcap-mode entry");
        }
        if (file() != null) {
            builder.capturePackets(snaplen.getValue());
        }
    }

    /** The capture sink, or null without --pcap-file. */
    PcapngSink open() {
        if (file() == null) {
            return null;
        }
        try {
            PcapngSink sink = toStandardOutput() ? PcapngSink.toStandardOutput() : PcapngSink.create(Path.of(file()));
            return sink.capturing(captureModes());
        } catch (IOException e) {
            throw new VistaException("cannot write --pcap-file " + file() + ": " + FileProblem.describe(e), e);
        }
    }

    private Set<CaptureMode> captureModes() {
        Set<CaptureMode> chosen = EnumSet.noneOf(CaptureMode.class);
        for (String mode : modes.<List<String>>getValue()) {
            switch (mode) {
                case "entry" -> chosen.add(CaptureMode.ENTRY);
                case "exit" -> chosen.add(CaptureMode.EXIT);
                default -> throw new InvalidPlanException("--pcap-mode '" + mode + "' is not valid: give entry, exit "
                        + "or entry,exit");
            }
        }
        return chosen;
    }
}
