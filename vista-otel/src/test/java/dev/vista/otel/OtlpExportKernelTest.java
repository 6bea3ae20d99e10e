package dev.vista.otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.Tracer;
import dev.vista.event.TraceEvent;
import dev.vista.netns.ClientServer;
import dev.vista.netns.VethEnd;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two tracers export the same exchange between namespaces (a datagram to a closed port, a TCP connection) to a real
 * OTLP/HTTP endpoint, each with its own host.id; what arrives is decoded with opentelemetry-proto and checked.
 */
@Tag("kernel")
class OtlpExportKernelTest {
    private static final int CLOSED_PORT = 9;
    private static final int TCP_PORT = 8442;
    @AutoClose
    private static ClientServer net;
    private static VethEnd client;
    private static VethEnd server;

    /** One tracer's export, with the events its tracer delivered. */
    private record Traced(String hostId, OtlpExport export, Tracer tracer, List<TraceEvent> events) {
    }

    @BeforeAll
    static void createTestbed() {
        net = ClientServer.create(241);
        client = net.client();
        server = net.server();
    }

    private static Traced trace(String hostId, OtlpReceiver receiver) {
        OtlpExport export = OtlpExport.builder().endpoint(receiver.endpoint()).hostId(hostId).build();
        List<TraceEvent> events = new CopyOnWriteArrayList<>();
        Tracer tracer = Tracer.builder().traceSkb().filterNetns(server.namespace().inode())
                .onEvent(e -> {
                    export.accept(e);
                    events.add(e);
                })
                .onLoss(export::lost).start();
        return new Traced(hostId, export, tracer, events);
    }

    @Test
    void logsSpansAndMetricsOfADropAndATcpExchangeArriveWithTheirAttributesPerHost() throws Exception {
        List<Traced> traced;
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            traced = List.of(trace("vista-test-a", receiver), trace("vista-test-b", receiver));
            try {
                sendUdp();
                exchangeTcp();
                for (Traced t : traced) {
                    await(t.events(), e -> e.isDrop() && e.tuple() != null
                            && e.tuple().destinationPort() == CLOSED_PORT);
                    await(t.events(), e -> e.tuple() != null && e.tuple().protocol() == 6
                            && e.tuple().destinationPort() == TCP_PORT);
                }
            } finally {
                for (Traced t : traced) {
                    t.tracer().close();
                    t.export().close();
                }
            }

            for (Traced t : traced) {
                assertThat(t.export().stats().notDelivered()).as("%s: %s", t.hostId(), t.export().stats()).isZero();
                assertThat(t.export().stats().logsExported()).isEqualTo(t.events().size());
                checkLogsAndSpans(receiver, t);
                checkMetrics(receiver, t);
            }
            assertThat(receiver.logs.stream().flatMap(r -> r.getResourceLogsList().stream())
                    .map(r -> attribute(r.getResource().getAttributesList(), "host.id")).distinct())
                    .containsExactlyInAnyOrder("vista-test-a", "vista-test-b");
        }
    }

    private static void checkLogsAndSpans(OtlpReceiver receiver, Traced t) {
        List<LogRecord> logs = receiver.logs.stream().flatMap(r -> r.getResourceLogsList().stream())
                .filter(r -> isHost(r.getResource(), t.hostId()))
                .flatMap(r -> r.getScopeLogsList().stream()).flatMap(s -> s.getLogRecordsList().stream()).toList();
        assertThat(logs).as("one record per event").hasSize(t.events().size());
        LogRecord drop = logs.stream().filter(r -> "NO_SOCKET".equals(attribute(r.getAttributesList(),
                "vista.drop_reason"))).findFirst().orElseThrow();
        Map<String, AnyValue> attributes = map(drop.getAttributesList());
        assertThat(attributes.get("network.transport").getStringValue()).isEqualTo("udp");
        assertThat(attributes.get("network.type").getStringValue()).isEqualTo("ipv4");
        assertThat(attributes.get("source.address").getStringValue()).isEqualTo(client.ipv4().getHostAddress());
        assertThat(attributes.get("destination.address").getStringValue()).isEqualTo(server.ipv4().getHostAddress());
        assertThat(attributes.get("destination.port").getIntValue()).isEqualTo(CLOSED_PORT);
        assertThat(attributes.get("network.interface.name").getStringValue()).isEqualTo(server.ifname());
        assertThat(attributes.get("vista.tracepoint").getStringValue()).isEqualTo("kfree_skb");
        assertThat(attributes.get("vista.netns").getIntValue()).isEqualTo(server.namespace().inode());
        assertThat(drop.getSeverityNumber()).isEqualTo(SeverityNumber.SEVERITY_NUMBER_WARN);
        assertThat(drop.getTimeUnixNano()).isPositive();
        assertThat(logs).filteredOn(r -> "tcp".equals(attribute(r.getAttributesList(), "network.transport")))
                .as("the TCP exchange's records").isNotEmpty();

        List<Span> spans = receiver.traces.stream().flatMap(r -> r.getResourceSpansList().stream())
                .filter(r -> isHost(r.getResource(), t.hostId()))
                .flatMap(r -> r.getScopeSpansList().stream()).flatMap(s -> s.getSpansList().stream()).toList();
        Span dropped = spans.stream().filter(s -> s.getTraceId().equals(drop.getTraceId())).findFirst()
                .orElseThrow(() -> new AssertionError("no span with the drop record's trace id"));
        assertThat(dropped.getSpanId()).isEqualTo(drop.getSpanId());
        assertThat(dropped.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(dropped.getStatus().getMessage()).isEqualTo("NO_SOCKET");
        assertThat(attribute(dropped.getAttributesList(), "destination.port")).isEqualTo(String.valueOf(CLOSED_PORT));
        assertThat(dropped.getEventsList()).as("a span event per hop, the drop last").isNotEmpty()
                .last().satisfies(e -> assertThat(e.getName()).isEqualTo("kfree_skb"));
        assertThat(dropped.getEndTimeUnixNano()).isEqualTo(drop.getTimeUnixNano());
        assertThat(spans).filteredOn(s -> "tcp".equals(attribute(s.getAttributesList(), "network.transport")))
                .as("the TCP exchange's packets").isNotEmpty()
                .allSatisfy(s -> assertThat(s.getStatus().getCode()).isNotEqualTo(Status.StatusCode.STATUS_CODE_ERROR));
    }

    private static void checkMetrics(OtlpReceiver receiver, Traced t) {
        Map<String, List<NumberDataPoint>> points = receiver.metrics.stream()
                .flatMap(r -> r.getResourceMetricsList().stream()).filter(r -> isHost(r.getResource(), t.hostId()))
                .flatMap(r -> r.getScopeMetricsList().stream()).flatMap(s -> s.getMetricsList().stream())
                .collect(Collectors.groupingBy(m -> m.getName(),
                        Collectors.flatMapping(m -> m.getSum().getDataPointsList().stream(), Collectors.toList())));
        long drops = t.events().stream().filter(e -> e.isDrop() && "NO_SOCKET".equals(e.dropReason().name())).count();
        assertThat(last(points.get("vista.drops"), "reason", "NO_SOCKET")).isEqualTo(drops);
        assertThat(last(points.get("vista.events"), "source", "skb_tracepoint")).isEqualTo(t.events().size());
        assertThat(points.get("vista.events.lost")).extracting(NumberDataPoint::getAsInt).last().isEqualTo(0L);
        assertThat(points.get("vista.export.not_delivered")).isNotEmpty();
    }

    /** The last (cumulative) value of the data points with this attribute. */
    private static long last(List<NumberDataPoint> points, String key, String value) {
        assertThat(points).as("data points").isNotNull();
        return points.stream().filter(p -> value.equals(attribute(p.getAttributesList(), key)))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no point with " + key + "=" + value))
                .getAsInt();
    }

    private static boolean isHost(Resource resource, String hostId) {
        return hostId.equals(attribute(resource.getAttributesList(), "host.id"));
    }

    private static Map<String, AnyValue> map(List<KeyValue> attributes) {
        return attributes.stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
    }

    /** An attribute's value as text (numbers too), or null. */
    private static String attribute(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(kv -> kv.getKey().equals(key)).findFirst()
                .map(kv -> kv.getValue().hasIntValue() ? String.valueOf(kv.getValue().getIntValue())
                        : kv.getValue().getStringValue()).orElse(null);
    }

    private static void sendUdp() throws Exception {
        client.namespace().run(() -> {
            try (DatagramChannel channel = DatagramChannel.open()) {
                channel.send(ByteBuffer.wrap(new byte[] {1}), new InetSocketAddress(server.ipv4(), CLOSED_PORT));
            }
        });
    }

    private static void exchangeTcp() throws Exception {
        try (ServerSocketChannel listener = server.namespace().call(() -> ServerSocketChannel.open()
                .bind(new InetSocketAddress(server.ipv4(), TCP_PORT)))) {
            client.namespace().run(() -> {
                try (SocketChannel channel = SocketChannel.open(new InetSocketAddress(server.ipv4(), TCP_PORT))) {
                    channel.write(ByteBuffer.wrap("vista".getBytes()));
                }
            });
            try (SocketChannel accepted = listener.accept()) {
                accepted.read(ByteBuffer.allocate(16));
            }
        }
    }

    private static void await(List<TraceEvent> events, Predicate<TraceEvent> what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (events.stream().noneMatch(what) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(events).as("events so far").anyMatch(what);
    }
}
