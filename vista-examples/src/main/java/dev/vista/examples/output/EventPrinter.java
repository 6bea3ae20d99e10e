package dev.vista.examples.output;

import dev.vista.event.LossEvent;
import dev.vista.event.NetfilterEvent;
import dev.vista.event.SockEvent;
import dev.vista.event.TcpConnectionEvent;
import dev.vista.event.TraceEvent;
import dev.vista.format.EventFormat;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Prints events as they come. Output is flushed by a timer, not per event: a flush per event costs a
 * write system call per event, which under a flood cost more than formatting (BENCHMARKS.md, "Under
 * load"); a terminal or {@code tail -f} still sees each event within {@link #FLUSH_INTERVAL}. Lines
 * gather in a buffer and reach the writer {@value #BATCH_CHARS} characters at a time: a writer call per
 * event cost a seventh of the CLI's per-event time (FormatBenchmark.printVistaLine). The header
 * comes first, once: when tracing has started, or before the first event if that is sooner. Close it
 * to print what is still buffered. To a file the text goes as UTF-8 bytes encoded here ({@link Utf8TextSink}).
 */
public final class EventPrinter implements Consumer<TraceEvent>, AutoCloseable {
    public static final Duration FLUSH_INTERVAL = Duration.ofMillis(100);
    static final int BATCH_CHARS = 8192;

    private final EventFormat format;
    private final TextSink out;
    private final StringBuilder buffer = new StringBuilder(2 * BATCH_CHARS);
    private final Thread flusher;
    private boolean headerPrinted;
    private boolean unflushed;
    private boolean closed;

    public EventPrinter(EventFormat format, PrintWriter out) {
        this(format, TextSink.of(out), FLUSH_INTERVAL);
    }

    /** Prints to {@code file} as UTF-8, {@code bufferBytes} per write; the stream stays the caller's to close. */
    public EventPrinter(EventFormat format, OutputStream file, int bufferBytes) {
        this(format, TextSink.utf8(file, bufferBytes), FLUSH_INTERVAL);
    }

    EventPrinter(EventFormat format, PrintWriter out, Duration flushInterval) {
        this(format, TextSink.of(out), flushInterval);
    }

    EventPrinter(EventFormat format, TextSink out, Duration flushInterval) {
        this.format = format;
        this.out = out;
        this.flusher = Thread.ofPlatform().name("vista-print-flush").daemon()
                .start(() -> flushPeriodically(flushInterval));
    }

    public synchronized void printHeader() {
        if (!headerPrinted) {
            headerPrinted = true;
            format.appendHeader(buffer);
            flush();
        }
    }

    @Override
    public synchronized void accept(TraceEvent event) {
        printHeader();
        format.append(event, buffer);
        gathered();
    }

    /** A TCP connection's end, in line with the packets. */
    public synchronized void printTcpConnection(TcpConnectionEvent event) {
        printHeader();
        format.append(event, buffer);
        gathered();
    }

    /** A socket seen at a sock or tcp tracepoint, in line with the packets. */
    public synchronized void printSockEvent(SockEvent event) {
        printHeader();
        format.append(event, buffer);
        gathered();
    }

    /** A netfilter verdict, in line with the packets. */
    public synchronized void printNetfilter(NetfilterEvent event) {
        printHeader();
        format.append(event, buffer);
        gathered();
    }

    /** A loss marker, in line with the events around the gap. */
    public synchronized void printLoss(LossEvent loss) {
        printHeader();
        format.append(loss, buffer);
        gathered();
    }

    /** A line of commentary between events (the demo's steps), kept in order with them and shown at once. */
    public synchronized void note(String line) {
        buffer.append(line).append('\n');
        flush();
    }

    /** Stops the timer and flushes; the writer stays open (it may be stdout). */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            flush();
        }
        flusher.interrupt();
    }

    private void flushPeriodically(Duration interval) {
        try {
            while (true) {
                Thread.sleep(interval);
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    if (unflushed) {
                        flush();
                    }
                }
            }
        } catch (InterruptedException e) {
            // closed
        } catch (UncheckedIOException e) {
            // the file cannot be written: the next batch the poller writes fails and reports it
        }
    }

    private void gathered() {
        unflushed = true;
        if (buffer.length() >= BATCH_CHARS) {
            write();
        }
    }

    private void write() {
        out.write(buffer);
        buffer.setLength(0);
        unflushed = true;
    }

    private void flush() {
        write();
        out.flush();
        unflushed = false;
    }
}
