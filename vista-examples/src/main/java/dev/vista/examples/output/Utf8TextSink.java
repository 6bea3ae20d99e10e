package dev.vista.examples.output;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text to a stream as UTF-8, encoded straight into the one byte array that goes to the stream whole: no
 * Writer and no second buffer in between (FormatBenchmark.printVistaLineToFile). The encoder's array loop
 * is the JDK's vectorized ASCII copy, which a loop of ours did not match (about 30 % slower per event).
 */
final class Utf8TextSink implements TextSink {
    private final OutputStream out;
    private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer bytes;
    private char[] chars = new char[2 * EventPrinter.BATCH_CHARS];
    private CharBuffer text = CharBuffer.wrap(chars);

    Utf8TextSink(OutputStream out, int bufferBytes) {
        this.out = out;
        this.bytes = ByteBuffer.allocate(bufferBytes);
    }

    @Override
    public void write(StringBuilder lines) {
        int length = lines.length();
        if (chars.length < length) {
            chars = new char[Math.max(length, chars.length * 2)];
            text = CharBuffer.wrap(chars);
        }
        lines.getChars(0, length, chars, 0);
        text.clear().limit(length);
        // Lines are whole, so nothing stays behind in the encoder between calls.
        while (encoder.encode(text, bytes, false) == CoderResult.OVERFLOW) {
            send();
        }
    }

    @Override
    public void flush() {
        send();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the events failed", e);
        }
    }

    private void send() {
        if (bytes.position() == 0) {
            return;
        }
        try {
            out.write(bytes.array(), 0, bytes.position());
        } catch (IOException e) {
            throw new UncheckedIOException("writing the events failed", e);
        }
        bytes.clear();
    }
}
