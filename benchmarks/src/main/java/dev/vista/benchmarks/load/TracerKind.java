package dev.vista.benchmarks.load;

import dev.vista.netns.Veth;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The tracers the harness can put under the flood, by their command-line names. */
enum TracerKind {
    OFF("off"),
    LIBRARY("library"),
    LIBRARY_OTHER_PORT("library-other-port"),
    LIBRARY_SKB("library-skb"),
    LIBRARY_CAPTURE_64("library-capture-64"),
    LIBRARY_CAPTURE_256("library-capture-256"),
    LIBRARY_CAPTURE_1500("library-capture-1500"),
    LIBRARY_PCAPNG("library-pcapng"),
    LIBRARY_NETFILTER("library-netfilter"),
    LIBRARY_NETFILTER_LINK("library-netfilter-link"),
    LIBRARY_OTLP("library-otlp"),
    CLI("cli"),
    BPFTRACE("bpftrace");

    private final String cliName;

    TracerKind(String cliName) {
        this.cliName = cliName;
    }

    /** A new tracer of this kind, for a flood over {@code veth}. */
    TracerUnderTest create(Path vista, Path work, Veth veth) throws IOException {
        return switch (this) {
            case OFF -> new Untraced();
            case LIBRARY -> InProcessTracer.everyPacket();
            case LIBRARY_OTHER_PORT -> InProcessTracer.otherPort();
            case LIBRARY_SKB -> InProcessTracer.withSkbStructs();
            case LIBRARY_CAPTURE_64 -> InProcessTracer.capturing(64);
            case LIBRARY_CAPTURE_256 -> InProcessTracer.capturing(256);
            case LIBRARY_CAPTURE_1500 -> InProcessTracer.capturing(1500);
            case LIBRARY_PCAPNG -> InProcessTracer.writingPcapng(work);
            case LIBRARY_NETFILTER -> InProcessTracer.netfilterVerdicts(veth.b().namespace().path());
            case LIBRARY_NETFILTER_LINK -> InProcessTracer.netfilterVerdictsThroughLinks(veth.b().namespace().path());
            case LIBRARY_OTLP -> InProcessTracer.exportingOtlp();
            case CLI -> new VistaCliProcess(vista, work);
            case BPFTRACE -> new BpftraceProcess(work);
        };
    }

    static final class Converter implements ITypeConverter<TracerKind> {
        @Override
        public TracerKind convert(String value) {
            return Arrays.stream(values()).filter(kind -> kind.cliName.equals(value)).findFirst()
                    .orElseThrow(() -> new TypeConversionException("unknown tracer '" + value + "'; choose from "
                            + Arrays.stream(values()).map(kind -> kind.cliName).collect(Collectors.joining(", "))));
        }
    }
}
