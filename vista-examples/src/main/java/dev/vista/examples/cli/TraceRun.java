package dev.vista.examples.cli;

import dev.vista.Sources;
import dev.vista.TracePlan;
import dev.vista.Tracer;
import dev.vista.TracerBuilder;
import dev.vista.VistaException;
import dev.vista.examples.output.DropTally;
import dev.vista.examples.output.EventPrinter;
import dev.vista.examples.output.TraceSummary;
import dev.vista.event.LossEvent;
import dev.vista.event.TraceEvent;
import dev.vista.format.EventFormat;
import dev.vista.format.JsonEventFormat;
import dev.vista.format.VistaLineFormatter;
import dev.vista.otel.OtlpExport;
import dev.vista.pcap.PcapngSink;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ExitCode;

/**
 * One run of {@code vista}: starts the tracer, prints events (and with {@code --pcap-file} writes their
 * packets) until Ctrl-C, {@code --output-limit-lines} or a failed capture write, closes it, then prints
 * the summary on stderr.
 */
final class TraceRun {
    private static final Duration LIMIT_CHECK_INTERVAL = Duration.ofMillis(100);
    /** One write system call per 256 KiB of output rather than per 8 KiB. */
    private static final int OUTPUT_FILE_BUFFER_BYTES = 256 * 1024;

    private final OutputOptions outputs;
    private final PcapOptions pcap;
    private final OtlpOptions otlp;
    private final StopRequest stop;
    private final PrintWriter out;
    private final PrintWriter err;

    /**
     * Events go to {@code out} unless {@code --output-file} names a file, or to {@code err} when the capture
     * owns standard output ({@code --pcap-file -}); the summary to {@code err}.
     */
    TraceRun(OutputOptions outputs, PcapOptions pcap, OtlpOptions otlp, StopRequest stop, PrintWriter out,
            PrintWriter err) {
        this.outputs = outputs;
        this.pcap = pcap;
        this.otlp = otlp;
        this.stop = stop;
        this.out = out;
        this.err = err;
    }

    /** Returns the exit code: 0, or 1 when the capture could not be written. */
    int run(TracerBuilder builder) throws InterruptedException {
        TracePlan plan = builder.build();
        EventFormat format = outputs.json() ? new JsonEventFormat()
                : EventFormat.of(VistaLineFormatter.forPlan(plan, outputs.timestamp()));
        DropTally drops = new DropTally();
        OtlpExport export = otlp.open(); // first: a bad endpoint is refused before anything is opened
        PcapngSink capture = pcap.open();
        OutputStream file = openFile();
        Tracer tracer;
        try (EventPrinter printer = file == null ? new EventPrinter(format, pcap.toStandardOutput() ? err : out)
                : new EventPrinter(format, file, OUTPUT_FILE_BUFFER_BYTES)) {
            Consumer<TraceEvent> sinks = printer.andThen(drops);
            Consumer<LossEvent> losses = printer::printLoss;
            if (capture != null) {
                sinks = sinks.andThen(capture);
                losses = losses.andThen(capture::lost);
            }
            if (export != null) {
                sinks = sinks.andThen(export);
                losses = losses.andThen(export::lost);
            }
            tracer = builder.onEvent(sinks).onTcpConnection(printer::printTcpConnection)
                    .onSockEvent(printer::printSockEvent).onNetfilter(printer::printNetfilter).onLoss(losses)
                    .start();
            try {
                logAttached(tracer);
                log().info("Listening for events..");
                printer.printHeader(); // after the log line, as vista does
                switch (awaitEnd(tracer, stop, capture)) {
                    case LIMIT_REACHED -> log().info("Printed {} events, exiting program..", outputs.limit());
                    case STOPPED -> log().info("Received signal, exiting program..");
                    case CAPTURE_FAILED -> log().error("{}; tracing stopped", capture.failure().getMessage());
                }
            } finally {
                tracer.close();
            }
        } finally {
            if (export != null) {
                OtlpOptions.close(export, err); // after the tracer: its last events are in
            }
            if (file != null) {
                closeFile(file);
            }
        }
        err.print(new TraceSummary(tracer.stats(), drops.byReason()));
        err.flush();
        return capture == null ? ExitCode.OK : closeCapture(capture);
    }

    /** Writes the capture's statistics and closes it; a capture that could not be written is an error (1). */
    private int closeCapture(PcapngSink capture) {
        try {
            capture.close();
            return ExitCode.OK;
        } catch (IOException e) {
            err.println("vista: writing the pcapng capture to " + pcap.file() + " failed: " + e.getMessage());
            err.flush();
            return VistaCommand.BAD_INPUT;
        }
    }

    /**
     * The --output-file, or null: events then go to standard output, or to standard error when the capture
     * owns standard output ({@code --pcap-file -}).
     */
    private OutputStream openFile() {
        if (outputs.file() == null) {
            return null;
        }
        try {
            return Files.newOutputStream(outputs.file());
        } catch (IOException e) {
            throw cannotWrite(e);
        }
    }

    private VistaException cannotWrite(IOException e) {
        return new VistaException("cannot write --output-file " + outputs.file() + ": " + FileProblem.describe(e), e);
    }

    private void closeFile(OutputStream file) {
        try {
            file.close();
        } catch (IOException e) {
            throw cannotWrite(e);
        }
    }

    /** vista's "Attached ..." lines; how many kernel functions were skipped the attach progress bar said. */
    private static void logAttached(Tracer tracer) {
        Sources sources = tracer.plan().sources();
        if (!tracer.tracepoints().isEmpty()) {
            log().info("Attached skb tracepoints ({})", tracer.tracepoints().size());
        }
        if (tracer.functionCount() > 0) {
            log().info("Attached kernel functions ({})", tracer.functionCount());
        }
        if (sources.traceSkTracepoints()) {
            log().info("Attached sk tracepoints");
        }
        if (sources.traceTcpLifetime()) {
            log().info("Attached tcp tracepoints");
        }
    }

    /** Why tracing ended. */
    enum End { LIMIT_REACHED, STOPPED, CAPTURE_FAILED }

    /** Waits until Ctrl-C, until the tracer's event limit was reached, or until {@code capture} (if any) failed. */
    static End awaitEnd(Tracer tracer, StopRequest stop, PcapngSink capture) throws InterruptedException {
        while (!stop.await(LIMIT_CHECK_INTERVAL)) {
            if (capture != null && capture.failure() != null) {
                return End.CAPTURE_FAILED;
            }
            if (tracer.awaitLimit(Duration.ZERO)) {
                return End.LIMIT_REACHED;
            }
        }
        return End.STOPPED;
    }

    // Looked up when needed, not in a static field: --log-level must be parsed before slf4j starts.
    private static Logger log() {
        return LoggerFactory.getLogger(VistaCommand.class);
    }
}
