package dev.vista.examples.cli.log;

import java.io.PrintStream;
import java.util.Locale;
import org.slf4j.event.Level;

/**
 * The CLI's log level: system property {@value #PROPERTY} ({@code error}, {@code warn}, {@code info},
 * {@code debug} or {@code trace}; {@code info} when unset), which {@code --log-level} and {@code -v} set while
 * the command line is parsed. It is read once, when the first logger is made.
 */
public final class LogLevel {
    /** The system property that holds the level. */
    public static final String PROPERTY = "vista.log.level";

    private LogLevel() {
    }

    /**
     * Sets the level. It applies only if called before SLF4J makes its first logger: the level is read once, then,
     * for all of them.
     */
    public static void set(Level level) {
        System.setProperty(PROPERTY, level.name().toLowerCase(Locale.ROOT));
    }

    /** Whether the level was set, by {@link #set} or on the JVM's command line. */
    public static boolean isSet() {
        return System.getProperty(PROPERTY) != null;
    }

    /** The level in {@value #PROPERTY}; {@code problems} gets a line saying so when it names no level. */
    static Level configured(PrintStream problems) {
        String value = System.getProperty(PROPERTY);
        if (value == null) {
            return Level.INFO;
        }
        for (Level level : Level.values()) {
            if (level.name().equalsIgnoreCase(value.strip())) {
                return level;
            }
        }
        problems.println("vista: -D" + PROPERTY + "=" + value + " is not a log level (error, warn, info, debug or "
                + "trace); logging at info");
        return Level.INFO;
    }
}
