package dev.vista.pcap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** A channel that keeps the first {@code room} bytes written to it, then fails as a full disk does. */
final class DiskThatFills implements WritableByteChannel {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int room;

    DiskThatFills(int room) {
        this.room = room;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        int bytes = Math.min(source.remaining(), room - kept.size());
        if (bytes == 0) {
            throw new IOException("No space left on device");
        }
        byte[] chunk = new byte[bytes];
        source.get(chunk);
        kept.write(chunk);
        return bytes;
    }

    /** The bytes that reached the disk. */
    byte[] bytes() {
        return kept.toByteArray();
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
    }
}
