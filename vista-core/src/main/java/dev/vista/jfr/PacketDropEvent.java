package dev.vista.jfr;

import dev.vista.event.TraceEvent;
import dev.vista.event.Tuple;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timestamp;

/**
 * A packet the kernel dropped, as a JDK Flight Recorder event, so that a recording ({@code jcmd PID JFR.start}, JMC,
 * {@code jfr print --events dev.vista.PacketDrop}) shows kernel drops on the timeline of the program's own events.
 * Give {@link #record} to the tracer: {@code Tracer.builder().traceSkb().onEvent(PacketDropEvent::record)}. The event
 * is committed on the tracer's poller thread when it delivers the drop; {@link #kernelTime} says when the kernel
 * dropped it.
 */
@Name(PacketDropEvent.NAME)
@Label("Kernel Packet Drop")
@Category({"vista", "Network"})
@Description("A packet the Linux kernel freed with a drop reason (kfree_skb), traced by vista")
@StackTrace(false) // the poller's stack says nothing about the packet
public final class PacketDropEvent extends Event {
    /** The event type's name in recordings. */
    public static final String NAME = "dev.vista.PacketDrop";

    @Label("Drop Reason")
    @Description("The kernel's SKB_DROP_REASON_ without that prefix, e.g. NO_SOCKET or NETFILTER_DROP")
    String reason;

    @Label("Location")
    @Description("The kernel function that freed the packet")
    String location;

    @Label("Protocol")
    String protocol;

    @Label("Source Address")
    String sourceAddress;

    @Label("Source Port")
    int sourcePort;

    @Label("Destination Address")
    String destinationAddress;

    @Label("Destination Port")
    int destinationPort;

    @Label("Interface")
    String interfaceName;

    @Label("Network Namespace")
    @Description("The inode of the network namespace the packet was in")
    long networkNamespace;

    @Label("Kernel Time")
    @Description("When the kernel dropped the packet (the tracepoint fired)")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    long kernelTime;

    @Label("Socket Buffer")
    @Description("The struct sk_buff's kernel address: the same packet in vista's other output")
    long skb;

    @Label("Process")
    @Description("The process running when the packet was dropped (for softirq work, whichever ran)")
    String process;

    @Label("PID")
    int pid;

    /** Commits a drop event for {@code event} if it is a drop and a recording wants the type; else does nothing. */
    public static void record(TraceEvent event) {
        if (!event.isDrop()) {
            return;
        }
        PacketDropEvent drop = new PacketDropEvent();
        if (!drop.shouldCommit()) { // no recording has the type enabled: fill nothing
            return;
        }
        drop.reason = event.dropReason() == null ? null : event.dropReason().name();
        drop.location = event.location();
        Tuple tuple = event.tuple();
        if (tuple != null) {
            drop.protocol = tuple.protocolName();
            drop.sourceAddress = tuple.source().getHostAddress();
            drop.sourcePort = tuple.sourcePort();
            drop.destinationAddress = tuple.destination().getHostAddress();
            drop.destinationPort = tuple.destinationPort();
        }
        drop.interfaceName = event.ifname();
        drop.networkNamespace = event.netns();
        drop.kernelTime = event.epochNanos() / 1_000_000;
        drop.skb = event.skb();
        drop.process = event.comm();
        drop.pid = event.pid();
        drop.commit();
    }
}
