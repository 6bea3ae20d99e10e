package dev.vista.examples.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.Output;
import dev.vista.event.LossEvent;
import dev.vista.event.NetfilterEvent;
import dev.vista.event.SockEvent;
import dev.vista.event.TcpConnectionEvent;
import dev.vista.event.TraceEvent;
import dev.vista.format.EventFormat;
import dev.vista.format.TimestampMode;
import dev.vista.format.VistaLineFormatter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PrinterWarmUpTest {
    private final VistaLineFormatter lines =
            new VistaLineFormatter(EnumSet.of(Output.META, Output.TUPLE), TimestampMode.NONE, ZoneOffset.UTC);

    @Test
    void printsEveryMadeUpEventOnceThroughAFormatOfItsOwnAndEnds() throws InterruptedException {
        AtomicInteger headers = new AtomicInteger();
        AtomicInteger events = new AtomicInteger();
        AtomicInteger formats = new AtomicInteger();
        Thread warmUp = PrinterWarmUp.start(() -> {
            formats.incrementAndGet();
            return counting(headers, events);
        });

        assertThat(warmUp.join(Duration.ofMinutes(1))).isTrue();
        assertThat(formats).hasValue(1);
        assertThat(headers).hasValue(1);
        assertThat(events).hasValue(PrinterWarmUp.EVENTS);
        assertThat(warmUp.isDaemon()).isTrue(); // it cannot keep the CLI from exiting
    }

    /** The events take the branches a UDP flood's take: META and TUPLE printed, every packet type named. */
    @Test
    void madeUpEventsAreFormattedLikeAUdpFloodsEvents() {
        for (TraceEvent event : PrinterWarmUp.events()) {
            String line = lines.append(event, new StringBuilder()).toString();
            assertThat(line).contains(" " + event.where() + " netns=").contains(" iface=")
                    .containsPattern("pkt_type=(HOST|OUTGOING) 10\\.254\\.0\\.1:4\\d{4}->10\\.254\\.0\\.2:9000\\(udp\\)\n$");
        }
    }

    private EventFormat counting(AtomicInteger headers, AtomicInteger events) {
        return new EventFormat() {
            @Override
            public StringBuilder appendHeader(StringBuilder out) {
                headers.incrementAndGet();
                return lines.appendHeader(out);
            }

            @Override
            public StringBuilder append(TraceEvent event, StringBuilder out) {
                events.incrementAndGet();
                return lines.append(event, out);
            }

            @Override
            public StringBuilder append(TcpConnectionEvent event, StringBuilder out) {
                throw new AssertionError("not a packet: " + event);
            }

            @Override
            public StringBuilder append(SockEvent event, StringBuilder out) {
                throw new AssertionError("not a packet: " + event);
            }

            @Override
            public StringBuilder append(NetfilterEvent event, StringBuilder out) {
                throw new AssertionError("not a packet: " + event);
            }

            @Override
            public StringBuilder append(LossEvent loss, StringBuilder out) {
                throw new AssertionError("not a packet: " + loss);
            }
        };
    }
}
