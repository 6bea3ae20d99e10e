package dev.vista.benchmarks.load;

import dev.vista.Output;
import dev.vista.TraceStats;
import dev.vista.Tracer;
import dev.vista.TracerBuilder;
import dev.vista.event.NetfilterWay;
import dev.vista.otel.ExportStats;
import dev.vista.otel.OtlpExport;
import dev.vista.pcap.PcapngSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The library inside the harness's own JVM, every skb tracepoint, with a zero-copy view sink that reads a
 * few fields (what an embedding program that counts or samples does). Either every packet is traced, or
 * only port 22, which the flood does not use: the cost of watching one flow on a busy machine, where the
 * kernel reads and rejects every other packet. With packet capture, each event also carries up to a
 * snaplen of its packet, which the sink reads; the pcapng variant also writes every packet to a pcapng
 * file (deleted after the run) and checks that each event was written or counted lost. The netfilter variant
 * reports every table's verdict on each packet in the receiver's namespace instead of skb tracepoints. Its CPU is the
 * poller thread's; its memory is the harness's, so no RSS is reported.
 */
final class InProcessTracer implements TracerUnderTest {
    private static final int OTHER_PORT = 22;
    private final String name;
    private final TracerBuilder builder;
    private final Path pcapngFile;
    private final boolean otlp;
    private PcapngSink pcapng;
    private DiscardingOtlpEndpoint otlpEndpoint;
    private OtlpExport otlpExport;
    private Tracer tracer;
    private long pollerThread;
    private long checksum;

    private InProcessTracer(String name, TracerBuilder builder, Path pcapngFile) {
        this(name, builder, pcapngFile, false);
    }

    private InProcessTracer(String name, TracerBuilder builder, Path pcapngFile, boolean otlp) {
        this.name = name;
        this.builder = builder;
        this.pcapngFile = pcapngFile;
        this.otlp = otlp;
    }

    static InProcessTracer everyPacket() {
        return new InProcessTracer("library (in-process)", Tracer.builder().traceSkb(), null);
    }

    static InProcessTracer otherPort() {
        return new InProcessTracer("library, port " + OTHER_PORT + " only (flood not matched)",
                Tracer.builder().traceSkb().filterPort(OTHER_PORT), null);
    }

    static InProcessTracer capturing(int snaplen) {
        return new InProcessTracer("library, capture " + snaplen + " B", Tracer.builder().traceSkb()
                .capturePackets(snaplen), null);
    }

    static InProcessTracer writingPcapng(Path work) {
        return new InProcessTracer("library, pcapng file (256 B)", Tracer.builder().traceSkb().capturePackets(256),
                work.resolve("library.pcapng"));
    }

    /**
     * Every netfilter table's verdict on every packet in {@code namespace}, and no skb tracepoints, through the
     * way probing chooses (the function way where kprobes work).
     */
    static InProcessTracer netfilterVerdicts(Path namespace) {
        return new InProcessTracer("library, netfilter verdicts", Tracer.builder().traceNetfilterIn(namespace),
                null);
    }

    /** {@link #netfilterVerdicts} through netfilter links even where the function way works (to compare them). */
    static InProcessTracer netfilterVerdictsThroughLinks(Path namespace) {
        return new InProcessTracer("library, netfilter verdicts, link way", Tracer.builder()
                .netfilterWay(NetfilterWay.NETFILTER_LINK).traceNetfilterIn(namespace), null);
    }

    /**
     * Every packet exported over OTLP/HTTP (log records, packet spans, metrics; the SDK's default queues) to an
     * endpoint in this JVM that discards what it receives: checks that every delivered event was exported or
     * counted as not delivered.
     */
    static InProcessTracer exportingOtlp() {
        return new InProcessTracer("library, OTLP export", Tracer.builder().traceSkb(), null, true);
    }

    /** Every packet with Output.SKB: the kernel copies each event's struct sk_buff into the ring as well. */
    static InProcessTracer withSkbStructs() {
        return new InProcessTracer("library, Output.SKB (raw sk_buff per event)",
                Tracer.builder().traceSkb().output(Output.SKB), null);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() throws IOException {
        if (pcapngFile != null) {
            Files.createDirectories(pcapngFile.getParent());
            pcapng = PcapngSink.create(pcapngFile);
            builder.onEvent(pcapng).onLoss(pcapng::lost);
        }
        if (otlp) {
            otlpEndpoint = new DiscardingOtlpEndpoint();
            otlpExport = OtlpExport.builder().endpoint(otlpEndpoint.url()).build();
            builder.onEvent(otlpExport).onLoss(otlpExport::lost);
        }
        tracer = builder.onEventView(view -> checksum += view.len() + view.skb() + view.capturedLength())
                .onNetfilterView(view -> checksum += view.costNanos() + view.skb()).start();
        pollerThread = pollerThreadId();
    }

    /** The poller's kernel thread id; the new thread gives the kernel its name itself, so wait a little for it. */
    private static long pollerThreadId() {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (true) {
            var id = ProcStats.threadId("vista-poller");
            if (id.isPresent()) {
                return id.getAsLong();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the tracer started no vista-poller thread (none within 2 s)");
            }
            Thread.onSpinWait();
        }
    }

    @Override
    public long progress() {
        TraceStats stats = tracer.stats();
        return stats.delivered() + stats.lost();
    }

    @Override
    public long cpuNanos() {
        return ProcStats.cpuNanos(ProcStats.threadStat(pollerThread));
    }

    @Override
    public void abort() {
        if (tracer != null) {
            tracer.close();
        }
        if (pcapng != null) {
            try {
                pcapng.close();
                Files.deleteIfExists(pcapngFile);
            } catch (IOException e) {
                // Aborting after another failure: that one is reported.
            }
        }
        if (otlpExport != null) {
            otlpExport.close();
            otlpEndpoint.close();
        }
    }

    @Override
    public Outcome stop() throws IOException {
        tracer.close();
        TraceStats stats = tracer.stats();
        String note = checksum == 0 && stats.delivered() > 0 ? "the sink saw only zeros" : "";
        if (pcapng != null) {
            pcapng.close();
            long written = pcapng.packets() + pcapng.eventsWithoutPacket();
            note = "pcapng: " + pcapng.packets() + " packets written (" + Files.size(pcapngFile) / (1 << 20)
                    + " MiB), " + pcapng.eventsWithoutPacket() + " events without one, " + stats.lost()
                    + " lost in isb_ifdrop" + (written == stats.delivered() ? "" : "; MISSING "
                    + (stats.delivered() - written));
            Files.delete(pcapngFile);
        }
        if (otlpExport != null) {
            note = otlpNote(stats);
        }
        return new Outcome(stats.delivered(), stats.lost(), -1, note);
    }

    /** Where each delivered event went: exported, failed, or dropped by one of the export's full queues. */
    private String otlpNote(TraceStats stats) {
        otlpExport.close();
        otlpEndpoint.close();
        ExportStats export = otlpExport.stats();
        long accounted = export.queueOverflow() + export.logsExported() + export.logsFailed() + export.logsDropped();
        return "otlp: of " + stats.delivered() + " events " + export.queueOverflow() + " not taken by its queue, "
                + export.logsExported() + " exported, " + export.logsFailed() + " failed, " + export.logsDropped()
                + " dropped by the SDK's queue; spans " + export.spansExported() + " exported, "
                + (export.spansFailed() + export.spansDropped()) + " not delivered, " + export.spansNotOpened()
                + " not opened; " + otlpEndpoint.bytes() / (1 << 20) + " MiB sent"
                + (accounted == stats.delivered() ? "" : "; MISSING " + (stats.delivered() - accounted));
    }
}
