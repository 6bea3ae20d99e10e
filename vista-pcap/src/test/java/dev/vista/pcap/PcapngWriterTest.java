package dev.vista.pcap;

import static dev.vista.pcap.WiresharkTools.capinfos;
import static dev.vista.pcap.WiresharkTools.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pcapng writer's output, read back by tshark and capinfos. */
class PcapngWriterTest {
    private static final HexFormat HEX = HexFormat.of();
    // 10.0.0.1:4660 -> 10.0.0.2:53 UDP, payload "hello": an IPv4 packet without a link-layer header.
    private static final byte[] UDP_PACKET = HEX.parseHex(
            "4500002100004000401100000a0000010a000002123400350000d00068656c6c6f");
    // The same packet behind an Ethernet header 02:00:00:00:00:01 -> 02:00:00:00:00:02.
    private static final byte[] ETHERNET_FRAME = HEX.parseHex("020000000002020000000001" + "0800"
            + HEX.formatHex(UDP_PACKET));
    private static final long TIME = 1_700_000_000_123_456_789L;

    @TempDir
    Path dir;

    @Test
    void anEmptyCaptureIsAValidFileWithNoPackets() throws Exception {
        Path file = dir.resolve("empty.pcapng");
        PcapngWriter.create(file, "vista test").close();

        var info = capinfos(file);
        assertThat(info.exitStatus()).as(info.output()).isZero();
        assertThat(info.output()).contains("File type:           pcapng").contains("Number of packets:   0")
                .contains("Capture application: vista test");
        assertThat(fields(file, "frame.number")).isEmpty();
    }

    @Test
    void packetsCarryTheirInterfaceLinkTypeTimeCommentAndDirection() throws Exception {
        Path file = dir.resolve("two.pcapng");
        try (PcapngWriter writer = PcapngWriter.create(file, "vista test")) {
            int eth = writer.addInterface("veth0b@netns:4026532247", LinkType.ETHERNET, 256);
            int raw = writer.addInterface("veth0a@netns:4026532248", LinkType.IPV4, 256);
            writer.writePacket(eth, TIME, ETHERNET_FRAME, 0, ETHERNET_FRAME.length, ETHERNET_FRAME.length,
                    Direction.INBOUND, "net:netif_receive_skb skb=0xffff888001 cpu=1");
            writer.writePacket(raw, TIME + 1, UDP_PACKET, 0, UDP_PACKET.length, UDP_PACKET.length,
                    Direction.OUTBOUND, "skb:kfree_skb reason=NO_SOCKET");
        }

        List<List<String>> rows = fields(file, "frame.interface_name", "frame.time_epoch", "frame.comment",
                "frame.packet_flags_direction", "eth.src", "ip.src", "ip.dst", "udp.dstport", "data.data");
        assertThat(rows).containsExactly(
                List.of("veth0b@netns:4026532247", "1700000000.123456789",
                        "net:netif_receive_skb skb=0xffff888001 cpu=1",
                        "0x00000001", "02:00:00:00:00:01", "10.0.0.1", "10.0.0.2", "53", ""),
                List.of("veth0a@netns:4026532248", "1700000000.123456790", "skb:kfree_skb reason=NO_SOCKET",
                        "0x00000002", "", "10.0.0.1", "10.0.0.2", "53", ""));
        var info = capinfos(file).output();
        assertThat(info).contains("Encapsulation = Ethernet (1 - ether)")
                .contains("Encapsulation = Raw IPv4 (129 - rawip4)")
                .contains("Time precision = nanoseconds (9)").contains("Capture length = 256")
                .contains("Number of stat entries = 1");
    }

    @Test
    void aBpfProgramsVerdictIsTheBlocksEpbVerdictBesideItsCommentAndDirection() throws Exception {
        Path file = dir.resolve("verdicts.pcapng");
        try (PcapngWriter writer = PcapngWriter.create(file, "vista test")) {
            int eth = writer.addInterface("veth0b@netns:4026532247", LinkType.ETHERNET, 256);
            writer.writePacket(eth, TIME, ETHERNET_FRAME, 0, ETHERNET_FRAME.length, ETHERNET_FRAME.length,
                    Direction.UNKNOWN, VerdictType.EBPF_TC, 2, "drop_icmp(tc) exit verdict=TC_ACT_SHOT");
            writer.writePacket(eth, TIME + 1, ETHERNET_FRAME, 0, ETHERNET_FRAME.length, ETHERNET_FRAME.length,
                    Direction.INBOUND, VerdictType.EBPF_XDP, 1, null);
            writer.writePacket(eth, TIME + 2, ETHERNET_FRAME, 0, ETHERNET_FRAME.length, ETHERNET_FRAME.length,
                    Direction.UNKNOWN, VerdictType.EBPF_TC, -1, "TC_ACT_UNSPEC");
            writer.writePacket(eth, TIME + 3, ETHERNET_FRAME, 0, ETHERNET_FRAME.length, ETHERNET_FRAME.length,
                    Direction.UNKNOWN, null, 0, "no verdict");
        }

        assertThat(fields(file, "frame.verdict.ebpf_tc", "frame.verdict.ebpf_xdp", "frame.comment",
                "frame.packet_flags_direction", "udp.dstport")).containsExactly(
                List.of("2", "", "drop_icmp(tc) exit verdict=TC_ACT_SHOT", "", "53"),
                List.of("", "1", "", "0x00000001", "53"),
                List.of("-1", "", "TC_ACT_UNSPEC", "", "53"),
                List.of("", "", "no verdict", "", "53"));
    }

    @Test
    void snaplenZeroMeansNoLimitAndA65535BytePacketIsWhole() throws Exception {
        Path file = dir.resolve("big.pcapng");
        byte[] big = new byte[65535];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        try (PcapngWriter writer = PcapngWriter.create(file, "vista test")) {
            int unlimited = writer.addInterface("if0", LinkType.ETHERNET, 0);
            int limited = writer.addInterface("if1", LinkType.ETHERNET, 65535);
            writer.writePacket(unlimited, TIME, big, 0, big.length, big.length, Direction.UNKNOWN, null);
            writer.writePacket(limited, TIME, big, 0, big.length, 100_000, Direction.UNKNOWN, null);
            writer.writePacket(limited, TIME, big, 0, 0, 60, Direction.UNKNOWN, "nothing captured");
        }

        assertThat(fields(file, "frame.cap_len", "frame.len", "frame.interface_name")).containsExactly(
                List.of("65535", "65535", "if0"), List.of("65535", "100000", "if1"), List.of("0", "60", "if1"));
        assertThat(capinfos(file).output()).contains("Capture length = 0").contains("Capture length = 65535")
                .contains("Data size:           165595 bytes"); // capinfos adds the original lengths
    }

    @Test
    void commentsOfEveryLengthArePaddedSoTheNextOptionAndBlockStillParse() throws Exception {
        Path file = dir.resolve("comments.pcapng");
        List<String> comments =
                List.of("", "a", "ab", "abc", "abcd", "abcde", "é", "éé", "zürich €", "𝄞 clef");
        try (PcapngWriter writer = PcapngWriter.create(file, "vista test")) {
            int id = writer.addInterface("x", LinkType.RAW, 0);
            for (String comment : comments) {
                writer.writePacket(id, TIME, UDP_PACKET, 0, UDP_PACKET.length, UDP_PACKET.length, Direction.OUTBOUND,
                        comment);
            }
        }

        List<List<String>> rows = fields(file, "frame.comment", "frame.packet_flags_direction", "udp.dstport");
        assertThat(rows).hasSize(comments.size());
        for (int i = 0; i < comments.size(); i++) {
            assertThat(rows.get(i)).containsExactly(comments.get(i), "0x00000002", "53");
        }
    }

    @Test
    void aCommentLongerThanAnOptionHoldsIsCutAtAWholeCharacter() throws Exception {
        Path file = dir.resolve("long-comment.pcapng");
        String comment = "é".repeat(40_000); // 80,000 bytes of UTF-8
        try (PcapngWriter writer = PcapngWriter.create(file, "vista test")) {
            int id = writer.addInterface("x", LinkType.RAW, 0);
            writer.writePacket(id, TIME, UDP_PACKET, 0, UDP_PACKET.length, UDP_PACKET.length, Direction.UNKNOWN,
                    comment);
        }

        assertThat(fields(file, "frame.comment").getFirst().getFirst()).isEqualTo("é".repeat(32_767));
    }

    @Test
    void aLongRunThroughASmallBufferKeepsEveryPacket() throws Exception {
        Path file = dir.resolve("long.pcapng");
        int packets = 200_000;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                PcapngWriter writer = new PcapngWriter(channel, 4096, "vista test")) {
            int id = writer.addInterface("x", LinkType.RAW, 0);
            for (int i = 0; i < packets; i++) {
                writer.writePacket(id, TIME + i, UDP_PACKET, 0, UDP_PACKET.length, UDP_PACKET.length, Direction.UNKNOWN,
                        i % 2 == 0 ? "even" : null);
            }
        }

        var info = capinfos(file);
        assertThat(info.exitStatus()).as(info.output()).isZero();
        assertThat(info.output()).contains("Number of packets:   " + packets)
                .contains("Data size:           " + (long) packets * UDP_PACKET.length + " bytes")
                .contains("Strict time order:   True");
    }

    @Test
    void aFileCutAfterTheLastFlushOpensWithTheFlushedPackets() throws Exception {
        Path file = dir.resolve("killed.pcapng");
        PcapngWriter writer = PcapngWriter.create(file, "vista test");
        int id = writer.addInterface("x", LinkType.RAW, 0);
        for (int i = 0; i < 3; i++) {
            writer.writePacket(id, TIME, UDP_PACKET, 0, UDP_PACKET.length, UDP_PACKET.length, Direction.UNKNOWN, null);
        }
        writer.flush();
        writer.writePacket(id, TIME, UDP_PACKET, 0, UDP_PACKET.length, UDP_PACKET.length, Direction.UNKNOWN, null);
        // As a SIGKILL would leave it: what was flushed, the buffered packet never written.
        Path copy = Files.copy(file, dir.resolve("copy.pcapng"));
        writer.close();

        assertThat(capinfos(copy).exitStatus()).isZero();
        assertThat(fields(copy, "frame.number")).hasSize(3);
        assertThat(fields(file, "frame.number")).hasSize(4);
    }

    @Test
    void aWriteThatFailsHalfwayKeepsTheBlocksThatReachedTheFileWhole() throws Exception {
        int room = 1000; // a disk that fills up after this many bytes
        DiskThatFills full = new DiskThatFills(room);
        PcapngWriter writer = new PcapngWriter(full, 64 * 1024, "vista test");
        int id = writer.addInterface("x", LinkType.RAW, 0);
        for (int i = 0; i < 100; i++) {
            writer.writePacket(id, TIME, UDP_PACKET, 0, UDP_PACKET.length, UDP_PACKET.length, Direction.UNKNOWN, null);
        }

        assertThatThrownBy(writer::flush).isInstanceOf(IOException.class)
                .hasMessageStartingWith("No space left on device; the file keeps the ");
        assertThat(writer.bytesWritten()).isLessThan(room);
        Path file = dir.resolve("full.pcapng");
        Files.write(file, Arrays.copyOf(full.bytes(), (int) writer.bytesWritten()));
        var info = capinfos(file);
        assertThat(info.exitStatus()).as(info.errors()).isZero();
        // 1000 bytes hold the section block (48 bytes), the interface block (40) and 12 whole 72-byte packet blocks.
        assertThat(writer.bytesWritten()).isEqualTo(48 + 40 + 12 * 72);
        assertThat(fields(file, "udp.dstport")).hasSize(12);
    }

    @Test
    void theStatisticsBlockAtCloseCountsPacketsAndDrops() throws Exception {
        Path file = dir.resolve("stats.pcapng");
        try (PcapngWriter writer = PcapngWriter.create(file, "vista test")) {
            int id = writer.addInterface("x", LinkType.RAW, 0);
            writer.writePacket(id, TIME, UDP_PACKET, 0, UDP_PACKET.length, UDP_PACKET.length, Direction.UNKNOWN, null);
            writer.countDropped(7);
        }

        assertThat(capinfos(file).output()).contains("Number of stat entries = 1");
        // tshark and capinfos print no isb_ifdrop: read the last block's options here.
        assertThat(statistics(file)).containsExactly(1L, 7L);
    }

    @Test
    void dropsWithoutAnyPacketAreReportedOnAnInterfaceOfTheirOwn() throws Exception {
        Path file = dir.resolve("lost.pcapng");
        try (PcapngWriter writer = PcapngWriter.create(file, "vista test")) {
            writer.countDropped(3);
        }

        assertThat(capinfos(file).output()).contains("Name = lost").contains("Number of packets:   0");
        assertThat(statistics(file)).containsExactly(0L, 3L);
    }

    @Test
    void badArgumentsAreRefusedWithTheReason() throws Exception {
        try (PcapngWriter writer = PcapngWriter.create(dir.resolve("bad.pcapng"), "vista test")) {
            assertThatThrownBy(() -> writer.writePacket(0, TIME, UDP_PACKET, 0, 1, 1, Direction.UNKNOWN, null))
                    .hasMessageContaining("interface 0 was not added");
            int id = writer.addInterface("x", LinkType.RAW, 0);
            assertThatThrownBy(() -> writer.writePacket(id, TIME, UDP_PACKET, 0, 10, 5, Direction.UNKNOWN, null))
                    .hasMessageContaining("captured length 10 must be at most the original length 5");
            assertThatThrownBy(() -> writer.addInterface("y", LinkType.RAW, -1)).hasMessageContaining("negative");
        }
    }

    /** isb_ifrecv and isb_ifdrop of the file's last block, an Interface Statistics Block. */
    private static List<Long> statistics(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int length = bytes.getInt(bytes.limit() - 4);
        int block = bytes.limit() - length;
        assertThat(bytes.getInt(block)).as("block type").isEqualTo(5);
        long received = -1;
        long dropped = -1;
        int option = block + 20;
        while (bytes.getShort(option) != 0) {
            int code = bytes.getShort(option);
            int size = bytes.getShort(option + 2);
            if (code == 4) {
                received = bytes.getLong(option + 4);
            } else if (code == 5) {
                dropped = bytes.getLong(option + 4);
            }
            option += 4 + ((size + 3) & ~3);
        }
        return List.of(received, dropped);
    }
}
