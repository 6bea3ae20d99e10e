package dev.vista.examples.cli;

import java.util.Locale;
import java.util.function.Consumer;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;

/**
 * {@code --log-level} and {@code -v}, for every command. slf4j-simple reads its level when the first
 * logger is made, so the flags apply it while the command line is parsed, before anything runs.
 */
final class LoggingOptions extends FlagGroup {
    private static final String LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    /** slf4j-simple's levels. */
    enum Level { ERROR, WARN, INFO, DEBUG, TRACE }

    LoggingOptions() {
        add(OptionSpec.builder("--log-level").paramLabel("LEVEL").type(Level.class).scopeType(ScopeType.INHERIT)
                .setter(whenParsed(level -> setLevel((Level) level)))
                .description("log level on stderr: ${COMPLETION-CANDIDATES} (default: info)"));
        add(switchNamed("-v", "--verbose").scopeType(ScopeType.INHERIT)
                .setter(whenParsed(verbose -> {
                    if ((boolean) verbose) {
                        setLevel(Level.DEBUG);
                    }
                }))
                .description("log at debug level"));
    }

    /** Calls {@code apply} with each value picocli sets but the initial null or false before parsing. */
    private static ISetter whenParsed(Consumer<Object> apply) {
        return new ISetter() {
            @Override
            public <T> T set(T value) {
                if (value != null) {
                    apply.accept(value);
                }
                return null;
            }
        };
    }

    private static void setLevel(Level level) {
        System.setProperty(LEVEL_PROPERTY, level.name().toLowerCase(Locale.ROOT));
    }
}
