package dev.vista.examples.cli;

import dev.vista.Sources;
import dev.vista.TracePlan;
import dev.vista.Tracer;
import dev.vista.TracerBuilder;
import dev.vista.VistaException;
import dev.vista.examples.output.DropTally;
import dev.vista.examples.output.EventPrinter;
import dev.vista.examples.output.TraceSummary;
import dev.vista.format.EventFormat;
import dev.vista.format.JsonEventFormat;
import dev.vista.format.VistaLineFormatter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of {@code vista}: starts the tracer, prints events until Ctrl-C or {@code --output-limit-lines},
 * closes it, then prints the summary on stderr.
 */
final class TraceRun {
    private static final Duration LIMIT_CHECK_INTERVAL = Duration.ofMillis(100);
    private static final int OUTPUT_FILE_BUFFER_BYTES = 256 * 1024;

    private final OutputOptions outputs;
    private final StopRequest stop;
    private final PrintWriter out;
    private final PrintWriter err;

    /** Events go to {@code out} unless {@code --output-file} names a file; the summary to {@code err}. */
    TraceRun(OutputOptions outputs, StopRequest stop, PrintWriter out, PrintWriter err) {
        this.outputs = outputs;
        this.stop = stop;
        this.out = out;
        this.err = err;
    }

    void run(TracerBuilder builder) throws InterruptedException {
        TracePlan plan = builder.build();
        EventFormat format = outputs.json ? new JsonEventFormat()
                : EventFormat.of(VistaLineFormatter.forPlan(plan, outputs.timestamp));
        DropTally drops = new DropTally();
        PrintWriter events = openOutput();
        Tracer tracer;
        try (EventPrinter printer = new EventPrinter(format, events)) {
            tracer = builder.onEvent(printer.andThen(drops)).onTcpConnection(printer::printTcpConnection)
                    .onSockEvent(printer::printSockEvent)
                    .onNetfilter(printer::printNetfilter).onLoss(printer::printLoss).start();
            try {
                logAttached(tracer);
                log().info("Listening for events..");
                printer.printHeader(); // after the log line, as vista does
                awaitEnd(tracer);
            } finally {
                tracer.close();
            }
        } finally {
            if (outputs.file != null) {
                events.close();
            }
        }
        err.print(new TraceSummary(tracer.stats(), drops.byReason()));
        err.flush();
    }

    private PrintWriter openOutput() {
        if (outputs.file == null) {
            return out;
        }
        try {
            // One write system call per 256 KiB of output rather than per 8 KiB.
            return new PrintWriter(new OutputStreamWriter(
                    new BufferedOutputStream(Files.newOutputStream(outputs.file), OUTPUT_FILE_BUFFER_BYTES),
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The file exceptions' messages are just the path: say what went wrong.
            String problem = switch (e) {
                case NoSuchFileException _ -> "its directory does not exist";
                case AccessDeniedException _ -> "permission denied";
                default -> e.getMessage();
            };
            throw new VistaException("cannot write --output-file " + outputs.file + ": " + problem, e);
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

    /** Until Ctrl-C, or until --output-limit-lines events were printed. */
    private void awaitEnd(Tracer tracer) throws InterruptedException {
        while (!stop.await(LIMIT_CHECK_INTERVAL)) {
            if (tracer.awaitLimit(Duration.ZERO)) {
                log().info("Printed {} events, exiting program..", outputs.limit);
                return;
            }
        }
        log().info("Received signal, exiting program..");
    }

    // Looked up when needed, not in a static field: --log-level must be parsed before slf4j starts.
    private static Logger log() {
        return LoggerFactory.getLogger(VistaCommand.class);
    }
}
