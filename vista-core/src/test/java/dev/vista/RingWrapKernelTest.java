package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.CapturedPacket;
import dev.vista.event.PacketStart;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.Map;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The ring's data area is mapped once, so a record that runs past its end arrives in two pieces and is
 * joined by the consumer: captured packets of many lengths, many times the ring's size, must arrive whole.
 */
@Tag("kernel")
class RingWrapKernelTest {
    private static final int CLOSED_PORT = 47998;
    private static final int RING = 64 * 1024;
    private static final int DATAGRAMS = 900;
    private static final int BURST = 20;
    // lo's Ethernet header, then IPv4 (no options) and UDP: where the datagram's payload starts.
    private static final int PAYLOAD_OFFSET = 14 + 20 + 8;

    @Test
    void capturedPacketsOfEveryLengthArriveWholeThoughTheirRecordsWrapAroundTheRing() throws Exception {
        List<CapturedPacket> packets = new CopyOnWriteArrayList<>();
        long sentBytes = 0;
        try (Tracer tracer = Traffic.udpDropsAt(CLOSED_PORT).ringBufferSize(RING).capturePackets(1500)
                .onEvent(event -> packets.add(event.packet()))
                .start();
                DatagramChannel channel = DatagramChannel.open()) {
            var target = new InetSocketAddress(InetAddress.getLoopbackAddress(), CLOSED_PORT);
            for (int burst = 0; burst < DATAGRAMS / BURST; burst++) {
                for (int i = burst * BURST; i < (burst + 1) * BURST; i++) {
                    byte[] payload = payload(i);
                    sentBytes += payload.length;
                    channel.send(ByteBuffer.wrap(payload), target);
                }
                Delivered.await(tracer, (burst + 1L) * BURST); // a consumer that keeps up: nothing is lost
            }
            assertThat(tracer.stats().lost()).isZero();
        }
        assertThat(sentBytes).as("the records went round the ring many times").isGreaterThan(5L * RING);
        assertThat(packets).hasSize(DATAGRAMS).allSatisfy(packet -> {
            assertThat(packet.start()).isEqualTo(PacketStart.LINK_LAYER);
            assertThat(packet.length()).as("captured whole").isEqualTo(packet.originalLength());
        });
        Map<Integer, byte[]> payloads = packets.stream()
                .map(packet -> Arrays.copyOfRange(packet.bytes(), PAYLOAD_OFFSET, packet.length()))
                .collect(Collectors.toMap(payload -> ByteBuffer.wrap(payload).getInt(), payload -> payload));
        assertThat(payloads).hasSize(DATAGRAMS);
        payloads.forEach((number, payload) -> assertThat(payload).as("datagram %d", number).isEqualTo(payload(number)));
    }

    /** Datagram {@code n}: its number, then bytes that depend on it, 4 to 1,203 bytes long in no regular step. */
    private static byte[] payload(int n) {
        byte[] payload = new byte[4 + (n * 131) % 1200];
        ByteBuffer.wrap(payload).putInt(n);
        for (int i = 4; i < payload.length; i++) {
            payload[i] = (byte) (n * 7 + i);
        }
        return payload;
    }
}
