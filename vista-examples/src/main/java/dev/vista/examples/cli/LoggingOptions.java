package dev.vista.examples.cli;

import dev.vista.examples.cli.log.LogLevel;
import java.util.function.Consumer;
import org.slf4j.event.Level;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;

/**
 * {@code --log-level} and {@code -v}, for every command. The CLI's loggers read their level when the first
 * one is made ({@link LogLevel}), so the flags apply it while the command line is parsed, before anything runs.
 */
final class LoggingOptions extends FlagGroup {
    LoggingOptions() {
        add(OptionSpec.builder("--log-level").paramLabel("LEVEL").type(Level.class).scopeType(ScopeType.INHERIT)
                .setter(whenParsed(level -> LogLevel.set((Level) level)))
                .description("log level on stderr: ${COMPLETION-CANDIDATES} (default: info)"));
        add(switchNamed("-v", "--verbose").scopeType(ScopeType.INHERIT)
                .setter(whenParsed(verbose -> {
                    if ((boolean) verbose) {
                        LogLevel.set(Level.DEBUG);
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
}
