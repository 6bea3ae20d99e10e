package dev.vista.pcap;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes a pcapng file (the IETF pcapng draft; Wireshark's and tcpdump's format): one Section Header
 * Block, an Interface Description Block per {@link #addInterface interface} (nanosecond timestamps),
 * an Enhanced Packet Block per packet with an optional comment, direction and BPF program verdict, and at
 * close an Interface Statistics Block per interface.
 *
 * <p>Blocks are assembled in a buffer and reach the channel only whole, when the buffer cannot take the
 * next block, on {@link #flush()} and on {@link #close()}: a process killed in between leaves a file that
 * ends after the last whole block flushed, which every reader opens. When a write fails (disk full), a
 * file channel is cut back to that end too, so the file stays readable. Writing a packet allocates
 * nothing. Not thread-safe: one thread writes (or callers synchronise).
 */
public final class PcapngWriter implements Closeable, Flushable {
    /** Buffer size of {@link #create}: about 4,000 blocks of 256-byte packets between writes. */
    public static final int DEFAULT_BUFFER_BYTES = 1 << 20;
    /** The largest packet readers accept (Wireshark's limit for ordinary link types). */
    public static final int MAX_PACKET_BYTES = 262_144;

    private static final int SECTION_HEADER = 0x0A0D0D0A;
    private static final int INTERFACE_DESCRIPTION = 1;
    private static final int INTERFACE_STATISTICS = 5;
    private static final int ENHANCED_PACKET = 6;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final short OPT_END = 0;
    private static final short OPT_COMMENT = 1;
    private static final short SHB_USERAPPL = 4;
    private static final short IF_NAME = 2;
    private static final short IF_TSRESOL = 9;
    private static final short EPB_FLAGS = 2;
    private static final short EPB_VERDICT = 7;
    /** epb_verdict of a BPF program: the type octet, the 8-byte return value, padding to 12 bytes. */
    private static final int VERDICT_OPTION_BYTES = 4 + 12;
    private static final short ISB_STARTTIME = 2;
    private static final short ISB_ENDTIME = 3;
    private static final short ISB_IFRECV = 4;
    private static final short ISB_IFDROP = 5;
    /** if_tsresol 9: timestamps count nanoseconds (10^-9 s). */
    private static final byte NANOSECONDS = 9;
    private static final int MAX_OPTION_BYTES = 0xFFFF;
    /** The interface that reports losses in a capture that got no packet. */
    static final String LOST_INTERFACE = "lost";

    private final WritableByteChannel channel;
    private final List<Interface> interfaces = new ArrayList<>();
    private final long startEpochNanos;
    private ByteBuffer buffer;
    private char[] chars = new char[256];
    /** A text option's UTF-8 bytes, assembled here and copied into the buffer in one bulk put. */
    private byte[] utf8 = new byte[256];
    private long bytesWritten;
    private long dropped;
    private boolean closed;

    /** One described interface: the packets written on it. */
    private static final class Interface {
        long packets;
    }

    /**
     * Starts a capture on {@code channel} (the section header goes out at once, so even a capture that
     * never gets a packet is a valid file).
     *
     * @param bufferBytes room for whole blocks between writes; a larger block grows it
     * @param application written as the section's {@code shb_userappl}
     */
    public PcapngWriter(WritableByteChannel channel, int bufferBytes, String application) throws IOException {
        if (bufferBytes < 64) {
            throw new IllegalArgumentException("pcapng buffer of " + bufferBytes
                    + " bytes is too small: give 64 or more");
        }
        this.channel = Objects.requireNonNull(channel, "channel");
        this.buffer = newBuffer(bufferBytes);
        this.startEpochNanos = epochNanosNow();
        ensureRoom(36 + textOptionRoom(application));
        int start = beginBlock(SECTION_HEADER);
        buffer.putInt(BYTE_ORDER_MAGIC);
        buffer.putShort((short) 1).putShort((short) 0); // version 1.0
        buffer.putLong(-1); // section length not given: the section runs to the end of the file
        putOption(SHB_USERAPPL, application);
        buffer.putShort(OPT_END).putShort((short) 0);
        endBlock(start);
        flush();
    }

    /** A capture into {@code file} (created or emptied) with the default buffer. */
    public static PcapngWriter create(Path file, String application) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            return new PcapngWriter(channel, DEFAULT_BUFFER_BYTES, application);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Describes an interface; packets name it by the returned id (0, 1, ...).
     *
     * @param snaplen the most bytes of a packet captured on it, 0 for no limit
     */
    public int addInterface(String name, LinkType linkType, int snaplen) throws IOException {
        checkOpen();
        if (snaplen < 0) {
            throw new IllegalArgumentException("snaplen " + snaplen + " is negative: give 0 (no limit) or more");
        }
        ensureRoom(32 + textOptionRoom(name));
        int start = beginBlock(INTERFACE_DESCRIPTION);
        buffer.putShort((short) linkType.value()).putShort((short) 0);
        buffer.putInt(snaplen);
        putOption(IF_NAME, name);
        buffer.putShort(IF_TSRESOL).putShort((short) 1).put(NANOSECONDS).put((byte) 0).putShort((short) 0);
        buffer.putShort(OPT_END).putShort((short) 0);
        endBlock(start);
        interfaces.add(new Interface());
        return interfaces.size() - 1;
    }

    /**
     * Writes one packet: {@code capturedLength} bytes of {@code data} from {@code offset}, of a packet
     * that was {@code originalLength} bytes long, seen at {@code epochNanos} (nanoseconds since the epoch).
     *
     * @param comment where the packet was (its {@code opt_comment}), or null for none; cut to 65,535 bytes
     */
    public void writePacket(int interfaceId, long epochNanos, byte[] data, int offset, int capturedLength,
            int originalLength, Direction direction, CharSequence comment) throws IOException {
        writePacket(interfaceId, epochNanos, data, offset, capturedLength, originalLength, direction, null, 0, comment);
    }

    /**
     * Writes one packet as {@link #writePacket(int, long, byte[], int, int, int, Direction, CharSequence)} does,
     * with the verdict of the BPF program that returned it ({@code epb_verdict}).
     *
     * @param verdictType who gave the verdict, or null for no verdict
     * @param verdict     the program's return value
     */
    public void writePacket(int interfaceId, long epochNanos, byte[] data, int offset, int capturedLength,
            int originalLength, Direction direction, VerdictType verdictType, long verdict, CharSequence comment)
            throws IOException {
        checkOpen();
        if (interfaceId < 0 || interfaceId >= interfaces.size()) {
            throw new IllegalArgumentException("interface " + interfaceId + " was not added: "
                    + interfaces.size() + " interfaces are described");
        }
        Objects.checkFromIndexSize(offset, capturedLength, data.length);
        if (capturedLength > MAX_PACKET_BYTES || capturedLength > originalLength) {
            throw new IllegalArgumentException("captured length " + capturedLength + " must be at most the original "
                    + "length " + originalLength + " and " + MAX_PACKET_BYTES);
        }
        int flagsBytes = direction == Direction.UNKNOWN ? 0 : 8;
        int verdictBytes = verdictType == null ? 0 : VERDICT_OPTION_BYTES;
        int size = 32 + padded(capturedLength) + (comment == null ? 0 : textOptionRoom(comment)) + flagsBytes
                + verdictBytes + 4;
        ensureRoom(size);
        int start = beginBlock(ENHANCED_PACKET);
        buffer.putInt(interfaceId);
        putTimestamp(epochNanos);
        buffer.putInt(capturedLength).putInt(originalLength);
        buffer.put(data, offset, capturedLength);
        pad(capturedLength);
        if (comment != null) {
            putOption(OPT_COMMENT, comment);
        }
        if (flagsBytes != 0) {
            buffer.putShort(EPB_FLAGS).putShort((short) 4).putInt(direction.flags());
        }
        if (verdictType != null) {
            buffer.putShort(EPB_VERDICT).putShort((short) 9).put((byte) verdictType.code()).putLong(verdict);
            pad(9);
        }
        buffer.putShort(OPT_END).putShort((short) 0);
        endBlock(start);
        interfaces.get(interfaceId).packets++;
    }

    /** Adds to the packets that could not be captured: the statistics block at close reports them. */
    public void countDropped(long count) {
        dropped += count;
    }

    /** Sends the whole blocks buffered so far to the channel. */
    @Override
    public void flush() throws IOException {
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            bytesWritten += buffer.limit();
        } catch (IOException e) {
            // Keep the blocks that reached the file whole; cut the one the failure split.
            bytesWritten += wholeBlocksBefore(buffer.position());
            cutToLastWholeBlock();
            throw new IOException(e.getMessage() + "; the file keeps the " + bytesWritten
                    + " bytes of whole blocks written before", e);
        } finally {
            buffer.clear();
        }
    }

    /** The end of the last block in the buffer that ends at or before {@code written}. */
    private int wholeBlocksBefore(int written) {
        int end = 0;
        while (end + 8 <= written) {
            int length = buffer.getInt(end + 4);
            if (end + length > written) {
                break;
            }
            end += length;
        }
        return end;
    }

    /** Bytes of whole blocks that reached the channel. */
    public long bytesWritten() {
        return bytesWritten;
    }

    /**
     * Writes each interface's statistics (packets written, and on the first interface the packets
     * {@link #countDropped dropped}), flushes, and closes the channel. A second call does nothing.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try (channel) {
            if (interfaces.isEmpty() && dropped > 0) {
                addInterface(LOST_INTERFACE, LinkType.RAW, 0); // losses need an interface to be reported on
            }
            long end = epochNanosNow();
            for (int id = 0; id < interfaces.size(); id++) {
                writeStatistics(id, end, interfaces.get(id).packets, id == 0 ? dropped : 0);
            }
            flush();
        } finally {
            closed = true;
        }
    }

    private void writeStatistics(int interfaceId, long endEpochNanos, long received, long drops) throws IOException {
        ensureRoom(96);
        int start = beginBlock(INTERFACE_STATISTICS);
        buffer.putInt(interfaceId);
        putTimestamp(endEpochNanos);
        putTimestampOption(ISB_STARTTIME, startEpochNanos);
        putTimestampOption(ISB_ENDTIME, endEpochNanos);
        buffer.putShort(ISB_IFRECV).putShort((short) 8).putLong(received);
        buffer.putShort(ISB_IFDROP).putShort((short) 8).putLong(drops);
        buffer.putShort(OPT_END).putShort((short) 0);
        endBlock(start);
    }

    private void putTimestamp(long epochNanos) {
        buffer.putInt((int) (epochNanos >>> 32)).putInt((int) epochNanos);
    }

    private void putTimestampOption(short code, long epochNanos) {
        buffer.putShort(code).putShort((short) 8);
        putTimestamp(epochNanos);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the pcapng writer is closed");
        }
    }

    /** Makes room for a block of {@code size} bytes: flushes whole blocks first, grows for a huge block. */
    private void ensureRoom(int size) throws IOException {
        if (buffer.remaining() >= size) {
            return;
        }
        flush();
        if (buffer.capacity() < size) {
            buffer = newBuffer(size);
        }
    }

    /** Direct: a channel copies a heap buffer into a direct one of its own on every write. */
    private static ByteBuffer newBuffer(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private int beginBlock(int type) {
        int start = buffer.position();
        buffer.putInt(type).putInt(0); // length, set by endBlock
        return start;
    }

    /** Sets the block's total length at both ends. */
    private void endBlock(int start) {
        int length = buffer.position() - start + 4;
        buffer.putInt(start + 4, length);
        buffer.putInt(length);
    }

    /** Writes a text option: UTF-8, cut to whole characters within 65,535 bytes, padded to 4 bytes. */
    private void putOption(short code, CharSequence text) {
        int header = buffer.position();
        buffer.putShort(code).putShort((short) 0);
        int bytes = putUtf8(text, MAX_OPTION_BYTES);
        buffer.putShort(header + 2, (short) bytes);
        pad(bytes);
    }

    private void pad(int length) {
        for (int i = length; (i & 3) != 0; i++) {
            buffer.put((byte) 0);
        }
    }

    private static int padded(int length) {
        return (length + 3) & ~3;
    }

    /** The most room a text option can take: 3 UTF-8 bytes per UTF-16 char at most, cut to what an option holds. */
    private static int textOptionRoom(CharSequence text) {
        return 4 + padded((int) Math.min(3L * text.length(), MAX_OPTION_BYTES));
    }

    /**
     * Writes at most {@code limit} bytes of {@code text} as UTF-8, whole characters only (an unpaired
     * surrogate as '?'); returns how many. This is the per-packet path: no allocation once the scratch
     * arrays have grown to the comments' size.
     */
    private int putUtf8(CharSequence text, int limit) {
        int length = Math.min(text.length(), limit);
        if (chars.length < length) {
            chars = new char[length];
        }
        int room = Math.min(3 * length, limit);
        if (utf8.length < room) {
            utf8 = new byte[room];
        }
        text.getChars(0, length, chars, 0); // one bulk copy: charAt per character costs twice as much
        int ored = 0;
        for (int i = 0; i < length; i++) {
            ored |= chars[i];
            utf8[i] = (byte) chars[i];
        }
        // ASCII, the usual comment, is done by the branch-free loop above, which the JIT vectorises.
        int bytes = ored < 0x80 && length == text.length() ? length : encodeUtf8(length, limit);
        buffer.put(utf8, 0, bytes);
        return bytes;
    }

    /** Encodes {@code chars[0, length)} into {@code utf8}, whole characters within {@code limit} bytes. */
    private int encodeUtf8(int length, int limit) {
        int at = 0;
        for (int i = 0; i < length; i++) {
            char c = chars[i];
            if (c < 0x80) {
                if (at + 1 > limit) {
                    break;
                }
                utf8[at++] = (byte) c;
            } else if (c < 0x800) {
                if (at + 2 > limit) {
                    break;
                }
                utf8[at++] = (byte) (0xC0 | c >> 6);
                utf8[at++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(chars[i + 1])) {
                if (at + 4 > limit) {
                    break;
                }
                int cp = Character.toCodePoint(c, chars[++i]);
                utf8[at++] = (byte) (0xF0 | cp >> 18);
                utf8[at++] = (byte) (0x80 | cp >> 12 & 0x3F);
                utf8[at++] = (byte) (0x80 | cp >> 6 & 0x3F);
                utf8[at++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(c)) {
                if (at + 1 > limit) {
                    break;
                }
                utf8[at++] = (byte) '?';
            } else {
                if (at + 3 > limit) {
                    break;
                }
                utf8[at++] = (byte) (0xE0 | c >> 12);
                utf8[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                utf8[at++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return at;
    }

    private void cutToLastWholeBlock() {
        if (channel instanceof FileChannel file) {
            try {
                file.truncate(bytesWritten);
            } catch (IOException e) {
                // The write's own failure is what the caller needs; a file that could not be cut is left as is.
            }
        }
    }

    private static long epochNanosNow() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
