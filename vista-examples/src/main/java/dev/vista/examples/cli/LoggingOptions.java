package dev.vista.examples.cli;

import java.util.Locale;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code --log-level} and {@code -v}, for every command. slf4j-simple reads its level when the first
 * logger is made, so the setters apply it while the command line is parsed, before anything runs.
 */
public final class LoggingOptions {
    private static final String LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    /** slf4j-simple's levels. */
    public enum Level { ERROR, WARN, INFO, DEBUG, TRACE }

    @Option(names = "--log-level", paramLabel = "LEVEL", scope = ScopeType.INHERIT,
            description = "log level on stderr: ${COMPLETION-CANDIDATES} (default: info)")
    void setLevel(Level level) {
        System.setProperty(LEVEL_PROPERTY, level.name().toLowerCase(Locale.ROOT));
    }

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "log at debug level")
    void setVerbose(boolean verbose) {
        if (verbose) {
            setLevel(Level.DEBUG);
        }
    }
}
