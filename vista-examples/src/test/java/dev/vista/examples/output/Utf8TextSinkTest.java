package dev.vista.examples.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8TextSinkTest {
    private final ByteArrayOutputStream file = new ByteArrayOutputStream();

    private String written() {
        return file.toString(StandardCharsets.UTF_8);
    }

    @Test
    void keepsTextUntilFlushedThenWritesItInOrder() {
        TextSink sink = TextSink.utf8(file, 64);
        sink.write(new StringBuilder("veth0 udp\n"));
        sink.write(new StringBuilder("veth1 udp\n"));
        assertThat(file.size()).isZero();

        sink.flush();

        assertThat(written()).isEqualTo("veth0 udp\nveth1 udp\n");
    }

    @Test
    void encodesNamesBeyondAsciiAsUtf8AmongAsciiText() {
        TextSink sink = TextSink.utf8(file, 64);
        sink.write(new StringBuilder("before\n"));
        sink.write(new StringBuilder("brücke0 prozeß €\n"));
        sink.write(new StringBuilder("after\n"));
        sink.flush();

        assertThat(written()).isEqualTo("before\nbrücke0 prozeß €\nafter\n");
    }

    @Test
    void sendsAFullBufferAndTakesTextLargerThanTheBuffer() {
        TextSink sink = TextSink.utf8(file, 8);
        sink.write(new StringBuilder("12345"));
        sink.write(new StringBuilder("6789"));
        assertThat(written()).isEqualTo("12345678");

        sink.write(new StringBuilder("a line longer than eight bytes\n"));
        sink.write(new StringBuilder("ä line longer than eight bytes\n"));
        sink.flush();

        assertThat(written()).isEqualTo("123456789a line longer than eight bytes\nä line longer than eight bytes\n");
    }
}
