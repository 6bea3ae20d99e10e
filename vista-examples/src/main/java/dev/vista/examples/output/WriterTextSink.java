package dev.vista.examples.output;

import java.io.PrintWriter;

/** Text to a {@link PrintWriter}, through a reused char array. */
final class WriterTextSink implements TextSink {
    private final PrintWriter out;
    private char[] chars = new char[2 * EventPrinter.BATCH_CHARS];

    WriterTextSink(PrintWriter out) {
        this.out = out;
    }

    // PrintWriter.append(CharSequence) would make a String per call.
    @Override
    public void write(StringBuilder text) {
        int length = text.length();
        if (chars.length < length) {
            chars = new char[Math.max(length, chars.length * 2)];
        }
        text.getChars(0, length, chars, 0);
        out.write(chars, 0, length);
    }

    @Override
    public void flush() {
        out.flush();
    }
}
