package dev.vista.examples.output;

import java.io.OutputStream;
import java.io.PrintWriter;

/** Where {@link EventPrinter} hands its gathered text: a writer (standard output) or a file's bytes. */
interface TextSink {
    /** Takes {@code text} (which the caller then clears and reuses); may keep it buffered. */
    void write(StringBuilder text);

    /** Passes on what is buffered. */
    void flush();

    /** A writer, which stays the caller's to close. */
    static TextSink of(PrintWriter out) {
        return new WriterTextSink(out);
    }

    /** UTF-8 bytes, {@code bufferBytes} per write to {@code out}, which stays the caller's to close. */
    static TextSink utf8(OutputStream out, int bufferBytes) {
        return new Utf8TextSink(out, bufferBytes);
    }
}
