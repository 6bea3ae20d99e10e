package dev.vista.pcap;

import static dev.vista.pcap.WiresharkTools.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.event.CapturedPacket;
import dev.vista.event.DropReason;
import dev.vista.event.EventSource;
import dev.vista.event.LossEvent;
import dev.vista.event.PacketProgramType;
import dev.vista.event.PacketStart;
import dev.vista.event.ProgramCall;
import dev.vista.event.ProgramPhase;
import dev.vista.event.ProgramVerdict;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The capture sink on hand-made events: interfaces, link types, directions and comments, read back by tshark. */
class PcapngSinkTest {
    private static final byte[] IPV4_UDP = HexFormat.of().parseHex(
            "4500002100004000401100000a0000010a000002123400350000d00068656c6c6f");
    private static final byte[] IPV6_UDP = HexFormat.of().parseHex("6000000000091140"
            + "fd000000000000000000000000000001" + "fd000000000000000000000000000002" + "1234003500090000" + "21");
    private static final byte[] ETHERNET = HexFormat.of().parseHex("0200000000020200000000010800"
            + HexFormat.of().formatHex(IPV4_UDP));

    @TempDir
    Path dir;

    private static TraceEvent event(Tracepoint tp, long netns, int ifindex, String ifname, DropReason reason,
            CapturedPacket packet) {
        return TraceEvent.builder().timestampNs(1).epochNanos(1_700_000_000_000_000_000L).cpu(1).pid(42).comm("ping")
                .source(EventSource.SKB_TRACEPOINT).skb(0xffff888100000000L).tracepoint(tp)
                .location(reason == null ? null : "__udp4_lib_rcv+0x4bc").netns(netns).ifindex(ifindex).ifname(ifname)
                .len(60).mtu(1500).protocol(0x0800).dropReason(reason).packet(packet).build();
    }

    @Test
    void eachNamespaceDeviceAndLinkTypeIsAnInterfaceAndEachPacketSaysWhereItWas() throws Exception {
        Path file = dir.resolve("sink.pcapng");
        try (PcapngSink sink = PcapngSink.create(file)) {
            sink.accept(event(Tracepoint.NET_DEV_QUEUE, 4026532247L, 2, "veth0a", null,
                    new CapturedPacket(PacketStart.LINK_LAYER, ETHERNET.length, ETHERNET)));
            sink.accept(event(Tracepoint.NETIF_RECEIVE_SKB, 4026532248L, 2, "veth0b", null,
                    new CapturedPacket(PacketStart.LINK_LAYER, ETHERNET.length + 100, ETHERNET)));
            sink.accept(event(Tracepoint.KFREE_SKB, 4026532247L, 0, "", new DropReason(5, "NETFILTER_DROP"),
                    new CapturedPacket(PacketStart.NETWORK, IPV4_UDP.length, IPV4_UDP)));
            sink.accept(event(Tracepoint.KFREE_SKB, 4026532247L, 0, "", new DropReason(5, "NETFILTER_DROP"),
                    new CapturedPacket(PacketStart.NETWORK, IPV6_UDP.length, IPV6_UDP)));
            sink.accept(event(Tracepoint.CONSUME_SKB, 4026532247L, 2, "veth0a", null, null));
            sink.lost(new LossEvent(1, 0, 9, Set.of(EventSource.SKB_TRACEPOINT)));

            assertThat(sink.packets()).isEqualTo(4);
            assertThat(sink.eventsWithoutPacket()).isEqualTo(1);
        }

        assertThat(fields(file, "frame.interface_name", "frame.encap_type", "frame.packet_flags_direction",
                "frame.len", "udp.dstport", "frame.comment")).containsExactly(
                List.of("veth0a@netns:4026532247", "1", "0x00000002", "47", "53",
                        "net:net_dev_queue skb=0xffff888100000000 cpu=1 pid=42 comm=ping"),
                List.of("veth0b@netns:4026532248", "1", "0x00000001", "147", "53",
                        "net:netif_receive_skb skb=0xffff888100000000 cpu=1 pid=42 comm=ping"),
                List.of("if0@netns:4026532247", "129", "", "33", "53", "skb:kfree_skb reason=NETFILTER_DROP "
                        + "at=__udp4_lib_rcv+0x4bc skb=0xffff888100000000 cpu=1 pid=42 comm=ping"),
                List.of("if0@netns:4026532247", "130", "", "49", "53", "skb:kfree_skb reason=NETFILTER_DROP "
                        + "at=__udp4_lib_rcv+0x4bc skb=0xffff888100000000 cpu=1 pid=42 comm=ping"));
    }

    @Test
    void aFailedWriteIsThrownFromThisAndEveryLaterEventAndFromClose() throws Exception {
        WritableByteChannel failing = new DiskThatFills(52); // the section header fits, nothing more
        PcapngSink sink = PcapngSink.toChannel(failing, "the test's channel", Duration.ofMillis(10));
        sink.accept(event(Tracepoint.NET_DEV_QUEUE, 1, 2, "veth0a", null,
                new CapturedPacket(PacketStart.LINK_LAYER, ETHERNET.length, ETHERNET)));

        Thread.sleep(200); // the periodic flush fails
        assertThat(sink.failure()).hasMessage("writing the pcapng capture to the test's channel failed: No space "
                + "left on device; the file keeps the 52 bytes of whole blocks written before");
        assertThatThrownBy(() -> sink.accept(event(Tracepoint.NET_DEV_QUEUE, 1, 2, "veth0a", null, null)))
                .isSameAs(sink.failure());
        assertThatThrownBy(sink::close).isInstanceOf(IOException.class).hasMessageStartingWith("No space left");
    }

    @Test
    void closeWaitsForAFlushInProgressInsteadOfInterruptingIt() throws Exception {
        CountDownLatch flushing = new CountDownLatch(1);
        WritableByteChannel slow = new WritableByteChannel() {
            @Override
            public int write(ByteBuffer source) throws IOException {
                if (Thread.currentThread().getName().equals("vista-pcapng-flush")) {
                    flushing.countDown();
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        throw new ClosedByInterruptException(); // as a FileChannel does
                    }
                }
                int written = source.remaining();
                source.position(source.limit());
                return written;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        PcapngSink sink = PcapngSink.toChannel(slow, "a slow channel", Duration.ofMillis(1));
        sink.accept(event(Tracepoint.NET_DEV_QUEUE, 1, 2, "veth0a", null,
                new CapturedPacket(PacketStart.LINK_LAYER, ETHERNET.length, ETHERNET)));

        assertThat(flushing.await(5, TimeUnit.SECONDS)).as("a periodic flush writing").isTrue();
        sink.close();

        assertThat(sink.failure()).isNull();
        assertThat(sink.packets()).isEqualTo(1);
    }

    private static TraceEvent programEvent(PacketProgramType type, ProgramPhase phase, int verdict) {
        ProgramCall call = new ProgramCall(42, type, type == PacketProgramType.TC ? "drop_icmp" : "xdp_drop_udp",
                phase, phase == ProgramPhase.EXIT ? ProgramVerdict.of(type, verdict) : null,
                phase == ProgramPhase.EXIT ? 1840 : 0);
        return event(null, 4026532247L, 2, "veth0b", null,
                new CapturedPacket(PacketStart.LINK_LAYER, ETHERNET.length, ETHERNET)).toBuilder()
                .source(type == PacketProgramType.TC ? EventSource.TC_PROGRAM : EventSource.XDP_PROGRAM)
                .program(call).build();
    }

    private static List<TraceEvent> programEvents() {
        return List.of(programEvent(PacketProgramType.XDP, ProgramPhase.ENTRY, 0),
                programEvent(PacketProgramType.XDP, ProgramPhase.EXIT, 2),
                programEvent(PacketProgramType.TC, ProgramPhase.ENTRY, 0),
                programEvent(PacketProgramType.TC, ProgramPhase.EXIT, 2),
                event(Tracepoint.KFREE_SKB, 4026532247L, 0, "", new DropReason(6, "TC_INGRESS"),
                        new CapturedPacket(PacketStart.NETWORK, IPV4_UDP.length, IPV4_UDP)));
    }

    @Test
    void entryAndExitWriteTheProgramsPacketBeforeAndAfterItWithTheVerdictOnTheExit() throws Exception {
        Path file = dir.resolve("programs.pcapng");
        try (PcapngSink sink = PcapngSink.create(file).capturing(EnumSet.allOf(CaptureMode.class))) {
            programEvents().forEach(sink);
            assertThat(sink.packets()).isEqualTo(5);
            assertThat(sink.eventsOutsideModes()).isZero();
        }

        assertThat(fields(file, "frame.verdict.ebpf_tc", "frame.verdict.ebpf_xdp", "frame.packet_flags_direction",
                "frame.comment")).containsExactly(
                List.of("", "", "0x00000001", "xdp_drop_udp(xdp) entry prog=42 xdp=0xffff888100000000 cpu=1 pid=42 "
                        + "comm=ping"),
                List.of("", "2", "0x00000001", "xdp_drop_udp(xdp) exit verdict=XDP_PASS cost=1840ns prog=42 "
                        + "xdp=0xffff888100000000 cpu=1 pid=42 comm=ping"),
                List.of("", "", "", "drop_icmp(tc) entry prog=42 skb=0xffff888100000000 cpu=1 pid=42 comm=ping"),
                List.of("2", "", "", "drop_icmp(tc) exit verdict=TC_ACT_SHOT cost=1840ns prog=42 "
                        + "skb=0xffff888100000000 cpu=1 pid=42 comm=ping"),
                List.of("", "", "", "skb:kfree_skb reason=TC_INGRESS at=__udp4_lib_rcv+0x4bc skb=0xffff888100000000 "
                        + "cpu=1 pid=42 comm=ping"));
    }

    @Test
    void byDefaultOnlyEntriesAreWrittenAndExitAloneWritesOnlyTheProgramsExits() throws Exception {
        Path entries = dir.resolve("entries.pcapng");
        try (PcapngSink sink = PcapngSink.create(entries)) {
            programEvents().forEach(sink);
            assertThat(sink.eventsOutsideModes()).isEqualTo(2);
        }
        Path exits = dir.resolve("exits.pcapng");
        try (PcapngSink sink = PcapngSink.create(exits).capturing(Set.of(CaptureMode.EXIT))) {
            programEvents().forEach(sink);
            assertThat(sink.eventsOutsideModes()).isEqualTo(3);
        }

        assertThat(fields(entries, "frame.comment")).extracting(row -> row.get(0).split(" ")[0] + " "
                + row.get(0).split(" ")[1]).containsExactly("xdp_drop_udp(xdp) entry", "drop_icmp(tc) entry",
                "skb:kfree_skb reason=TC_INGRESS");
        assertThat(fields(exits, "frame.comment")).extracting(row -> row.get(0).split(" ")[0] + " "
                + row.get(0).split(" ")[1]).containsExactly("xdp_drop_udp(xdp) exit", "drop_icmp(tc) exit");
        try (PcapngSink sink = PcapngSink.create(dir.resolve("none.pcapng"))) {
            assertThatThrownBy(() -> sink.capturing(Set.of())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("give ENTRY, EXIT or both");
        }
    }
}
