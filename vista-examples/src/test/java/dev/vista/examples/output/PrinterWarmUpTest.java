package dev.vista.examples.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.vista.Output;
import dev.vista.event.TraceEvent;
import dev.vista.format.EventFormat;
import dev.vista.format.TimestampMode;
import dev.vista.format.VistaLineFormatter;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PrinterWarmUpTest {
    private final VistaLineFormatter lines =
            new VistaLineFormatter(EnumSet.of(Output.META, Output.TUPLE), TimestampMode.NONE, ZoneOffset.UTC);

    @Test
    void printsEveryMadeUpEventOnceThroughAFormatOfItsOwnAndEnds() throws InterruptedException {
        Map<String, Integer> calls = new ConcurrentHashMap<>();
        AtomicInteger formats = new AtomicInteger();
        Thread warmUp = PrinterWarmUp.start(() -> {
            formats.incrementAndGet();
            return counting(calls);
        });

        assertThat(warmUp.join(Duration.ofMinutes(1))).isTrue();
        assertThat(formats).hasValue(1);
        assertThat(calls).containsOnly(entry("appendHeader(StringBuilder)", 1),
                entry("append(TraceEvent)", PrinterWarmUp.EVENTS));
        assertThat(warmUp.isDaemon()).isTrue(); // it cannot keep the CLI from exiting
    }

    /** The events take the branches a UDP flood's take: META and TUPLE printed, every packet type named. */
    @Test
    void madeUpEventsAreFormattedLikeAUdpFloodsEvents() {
        for (TraceEvent event : PrinterWarmUp.events()) {
            String line = lines.append(event, new StringBuilder()).toString();
            assertThat(line).contains(" " + event.where() + " netns=").contains(" iface=").containsPattern(
                    "pkt_type=(HOST|OUTGOING) 10\\.254\\.0\\.1:4\\d{4}->10\\.254\\.0\\.2:9000\\(udp\\)\n$");
        }
    }

    /** Passes every call on to vista's text format and counts it by method and argument type. */
    private EventFormat counting(Map<String, Integer> calls) {
        EventFormat real = EventFormat.of(lines);
        return (EventFormat) Proxy.newProxyInstance(EventFormat.class.getClassLoader(),
                new Class<?>[] {EventFormat.class}, (proxy, method, args) -> {
                    calls.merge(method.getName() + "(" + args[0].getClass().getSimpleName() + ")", 1, Integer::sum);
                    return method.invoke(real, args);
                });
    }
}
