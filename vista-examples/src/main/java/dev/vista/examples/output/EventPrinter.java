package dev.vista.examples.output;

import dev.vista.event.SockEvent;
import dev.vista.event.TcpConnectionEvent;
import dev.vista.event.TraceEvent;
import dev.vista.render.VistaLineFormatter;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Prints events in vista's text format as they come, each flushed at once so that a terminal (or
 * {@code tail -f}) shows it without delay. The header comes first, once: when tracing has started,
 * or before the first event if that is sooner.
 */
public final class EventPrinter implements Consumer<TraceEvent> {
    private final VistaLineFormatter formatter;
    private final PrintWriter out;
    private final StringBuilder buffer = new StringBuilder(256);
    private boolean headerPrinted;

    public EventPrinter(VistaLineFormatter formatter, PrintWriter out) {
        this.formatter = formatter;
        this.out = out;
    }

    public synchronized void printHeader() {
        if (!headerPrinted) {
            headerPrinted = true;
            formatter.appendHeader(buffer);
            flushBuffer();
        }
    }

    @Override
    public synchronized void accept(TraceEvent event) {
        printHeader();
        formatter.append(event, buffer);
        flushBuffer();
    }

    /** A TCP connection's end, in line with the packets. */
    public synchronized void printTcpConnection(TcpConnectionEvent event) {
        printHeader();
        formatter.append(event, buffer);
        flushBuffer();
    }

    /** A socket seen at a sock or tcp tracepoint, in line with the packets. */
    public synchronized void printSockEvent(SockEvent event) {
        printHeader();
        formatter.append(event, buffer);
        flushBuffer();
    }

    /** A line of commentary between events (the demo's steps), kept in order with them. */
    public synchronized void note(String line) {
        buffer.append(line).append('\n');
        flushBuffer();
    }

    private void flushBuffer() {
        out.append(buffer).flush();
        buffer.setLength(0);
    }
}
