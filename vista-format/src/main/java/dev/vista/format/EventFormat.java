package dev.vista.format;

import dev.vista.event.LossEvent;
import dev.vista.event.NetfilterEvent;
import dev.vista.event.SockEvent;
import dev.vista.event.TcpConnectionEvent;
import dev.vista.event.TraceEvent;

/** How events become text: a header once, then each event, each part ending with a newline (vista or JSON Lines). */
public interface EventFormat {
    /** Appends the header (nothing for formats without one). */
    StringBuilder appendHeader(StringBuilder out);

    /** Appends the event. */
    StringBuilder append(TraceEvent event, StringBuilder out);

    /** Appends a TCP connection's end. */
    StringBuilder append(TcpConnectionEvent event, StringBuilder out);

    /** Appends a socket seen at a sock or tcp tracepoint. */
    StringBuilder append(SockEvent event, StringBuilder out);

    /** Appends what a netfilter table decided about a packet. */
    StringBuilder append(NetfilterEvent event, StringBuilder out);

    /** Appends a loss marker, where the events went missing. */
    StringBuilder append(LossEvent loss, StringBuilder out);

    /** vista's text lines. */
    static EventFormat of(VistaLineFormatter formatter) {
        return new EventFormat() {
            @Override
            public StringBuilder appendHeader(StringBuilder out) {
                return formatter.appendHeader(out);
            }

            @Override
            public StringBuilder append(TraceEvent event, StringBuilder out) {
                return formatter.append(event, out);
            }

            @Override
            public StringBuilder append(TcpConnectionEvent event, StringBuilder out) {
                return formatter.append(event, out);
            }

            @Override
            public StringBuilder append(SockEvent event, StringBuilder out) {
                return formatter.append(event, out);
            }

            @Override
            public StringBuilder append(NetfilterEvent event, StringBuilder out) {
                return formatter.append(event, out);
            }

            @Override
            public StringBuilder append(LossEvent loss, StringBuilder out) {
                return formatter.append(loss, out);
            }
        };
    }
}
