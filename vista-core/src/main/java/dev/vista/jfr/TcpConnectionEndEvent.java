package dev.vista.jfr;

import dev.vista.event.TcpConnectionEvent;
import dev.vista.event.Tuple;
import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;
import jdk.jfr.Timestamp;

/**
 * A TCP connection's end (its whole life, from {@code traceTcpLifetime()}) as a JDK Flight Recorder event, next to
 * the JDK's own socket events in a recording. Give {@link #record} to the tracer:
 * {@code Tracer.builder().traceTcpLifetime().onTcpConnection(TcpConnectionEndEvent::record)}. Committed on the
 * tracer's poller thread.
 */
@Name(TcpConnectionEndEvent.NAME)
@Label("Kernel TCP Connection End")
@Category({"vista", "Network"})
@Description("A TCP connection entered CLOSE in the kernel: its peers, lifetime, bytes and end, traced by vista")
@StackTrace(false)
public final class TcpConnectionEndEvent extends Event {
    /** The event type's name in recordings. */
    public static final String NAME = "dev.vista.TcpConnectionEnd";

    @Label("Local Address")
    String localAddress;

    @Label("Local Port")
    int localPort;

    @Label("Remote Address")
    String remoteAddress;

    @Label("Remote Port")
    int remotePort;

    @Label("Direction")
    @Description("CONNECTED (this end connected) or ACCEPTED")
    String direction;

    @Label("Lifetime")
    @Timespan(Timespan.NANOSECONDS)
    long lifetime;

    @Label("Bytes Received")
    @DataAmount
    long bytesReceived;

    @Label("Bytes Sent")
    @DataAmount
    long bytesSent;

    @Label("Smoothed RTT")
    @Timespan(Timespan.MICROSECONDS)
    long smoothedRtt;

    @Label("Retransmits")
    long retransmits;

    @Label("Reset")
    @Description("NONE, or which side sent the reset that ended it")
    String reset;

    @Label("Last State")
    String lastState;

    @Label("Network Namespace")
    long networkNamespace;

    @Label("Kernel Time")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    long kernelTime;

    /** Commits an event for {@code connection} if a recording wants the type; else does nothing. */
    public static void record(TcpConnectionEvent connection) {
        TcpConnectionEndEvent end = new TcpConnectionEndEvent();
        if (!end.shouldCommit()) {
            return;
        }
        Tuple tuple = connection.tuple();
        end.localAddress = tuple.source().getHostAddress();
        end.localPort = tuple.sourcePort();
        end.remoteAddress = tuple.destination().getHostAddress();
        end.remotePort = tuple.destinationPort();
        end.direction = connection.direction().name();
        end.lifetime = connection.lifetime().toNanos();
        end.bytesReceived = connection.bytesReceived();
        end.bytesSent = connection.bytesSent();
        end.smoothedRtt = connection.srttMicros();
        end.retransmits = connection.retransmits();
        end.reset = connection.reset().name();
        end.lastState = connection.lastState();
        end.networkNamespace = connection.netns();
        end.kernelTime = connection.epochNanos() / 1_000_000;
        end.commit();
    }
}
