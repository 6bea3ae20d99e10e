package dev.vista.examples.cli.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * A logger of the CLI: one line on stderr per message, {@code HH:mm:ss.SSS LEVEL message}, like the log of Go's
 * package that vista and pwru print with, then the stack trace of a throwable. The line is written in one call,
 * so lines of several threads do not interleave. Stderr is looked up at each line, as slf4j-simple did, so a
 * program that redirects {@link System#err} gets the lines.
 */
final class StderrLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    private final int threshold;

    StderrLogger(String name, Level threshold) {
        this.name = name;
        this.threshold = threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments,
            Throwable throwable) {
        StringBuilder line = TimeOfDay.appendNow(new StringBuilder(96), System.currentTimeMillis())
                .append(' ').append(level.name()).append(' ')
                .append(MessageFormatter.basicArrayFormat(messagePattern, arguments)).append('\n');
        if (throwable != null) {
            StringWriter trace = new StringWriter();
            throwable.printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        System.err.print(line);
    }
}
