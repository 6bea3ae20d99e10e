package dev.vista.otel;

import dev.vista.event.Tuple;
import dev.vista.event.TraceEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.net.Inet6Address;
import java.util.Locale;

/**
 * An event's attributes, named after OpenTelemetry's semantic conventions where they have a name for the thing
 * ({@code network.transport}, {@code source.address}, {@code destination.port}, {@code network.interface.name},
 * {@code process.pid}) and {@code vista.*} for the rest.
 */
final class EventAttributes {
    static final AttributeKey<String> NETWORK_TRANSPORT = AttributeKey.stringKey("network.transport");
    static final AttributeKey<String> NETWORK_TYPE = AttributeKey.stringKey("network.type");
    static final AttributeKey<String> SOURCE_ADDRESS = AttributeKey.stringKey("source.address");
    static final AttributeKey<Long> SOURCE_PORT = AttributeKey.longKey("source.port");
    static final AttributeKey<String> DESTINATION_ADDRESS = AttributeKey.stringKey("destination.address");
    static final AttributeKey<Long> DESTINATION_PORT = AttributeKey.longKey("destination.port");
    static final AttributeKey<String> INTERFACE = AttributeKey.stringKey("network.interface.name");
    static final AttributeKey<Long> PID = AttributeKey.longKey("process.pid");
    static final AttributeKey<String> IP_PROTOCOL = AttributeKey.stringKey("vista.ip_protocol");
    static final AttributeKey<String> SOURCE = AttributeKey.stringKey("vista.source");
    static final AttributeKey<String> TRACEPOINT = AttributeKey.stringKey("vista.tracepoint");
    static final AttributeKey<String> FUNCTION = AttributeKey.stringKey("vista.function");
    static final AttributeKey<String> DROP_REASON = AttributeKey.stringKey("vista.drop_reason");
    static final AttributeKey<String> LOCATION = AttributeKey.stringKey("vista.location");
    static final AttributeKey<Long> NETNS = AttributeKey.longKey("vista.netns");
    static final AttributeKey<String> SKB = AttributeKey.stringKey("vista.skb");
    static final AttributeKey<Long> CPU = AttributeKey.longKey("vista.cpu");
    static final AttributeKey<String> COMM = AttributeKey.stringKey("vista.comm");
    static final AttributeKey<Long> LENGTH = AttributeKey.longKey("vista.len");
    static final AttributeKey<Long> MARK = AttributeKey.longKey("vista.mark");

    private EventAttributes() {
    }

    /** Everything the event says: a log record's attributes. */
    static Attributes of(TraceEvent e) {
        AttributesBuilder b = Attributes.builder();
        where(b, e);
        tuple(b, e.tuple());
        b.put(SOURCE, e.source().name().toLowerCase(Locale.ROOT));
        if (e.ifname() != null && !e.ifname().isEmpty()) {
            b.put(INTERFACE, e.ifname());
        }
        b.put(NETNS, e.netns());
        b.put(SKB, skb(e.skb()));
        b.put(CPU, e.cpu());
        b.put(PID, e.pid());
        b.put(COMM, e.comm());
        b.put(LENGTH, e.len());
        b.put(MARK, e.mark());
        return b.build();
    }

    /** What a span event needs beside the span's own attributes: where, and on which interface. */
    static Attributes ofHop(TraceEvent e) {
        AttributesBuilder b = Attributes.builder();
        where(b, e);
        if (e.ifname() != null && !e.ifname().isEmpty()) {
            b.put(INTERFACE, e.ifname());
        }
        b.put(NETNS, e.netns());
        b.put(CPU, e.cpu());
        return b.build();
    }

    /** A packet span's attributes, from its first event: the tuple and the skb. */
    static Attributes ofPacket(TraceEvent e) {
        AttributesBuilder b = Attributes.builder();
        tuple(b, e.tuple());
        b.put(SKB, skb(e.skb()));
        b.put(NETNS, e.netns());
        return b.build();
    }

    static String skb(long address) {
        return "0x" + Long.toHexString(address);
    }

    private static void where(AttributesBuilder b, TraceEvent e) {
        if (e.tracepoint() != null) {
            b.put(TRACEPOINT, e.tracepoint().kernelName());
        }
        if (e.function() != null) {
            b.put(FUNCTION, e.function());
        }
        if (e.dropReason() != null) {
            b.put(DROP_REASON, e.dropReason().name());
        }
        if (e.location() != null) {
            b.put(LOCATION, e.location());
        }
    }

    private static void tuple(AttributesBuilder b, Tuple t) {
        if (t == null) {
            return;
        }
        String protocol = t.protocolName();
        b.put(IP_PROTOCOL, protocol);
        if (t.protocol() == Tuple.IPPROTO_TCP || t.protocol() == Tuple.IPPROTO_UDP) {
            b.put(NETWORK_TRANSPORT, protocol);
            b.put(SOURCE_PORT, t.sourcePort());
            b.put(DESTINATION_PORT, t.destinationPort());
        }
        b.put(NETWORK_TYPE, t.source() instanceof Inet6Address ? "ipv6" : "ipv4");
        b.put(SOURCE_ADDRESS, t.source().getHostAddress());
        b.put(DESTINATION_ADDRESS, t.destination().getHostAddress());
    }
}
