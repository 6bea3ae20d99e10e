package dev.vista.examples.cli.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class StderrLoggerTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream realErr;

    @BeforeEach
    void captureStderr() {
        realErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(realErr);
        System.clearProperty(LogLevel.PROPERTY);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesTimeLevelAndFormattedMessageOnOneLine() {
        new StderrLogger("test", Level.INFO).info("attached {} of {} functions", 3, 4);

        assertThat(stderr()).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO attached 3 of 4 functions\n");
    }

    @Test
    void leavesOutLevelsBelowItsThreshold() {
        var logger = new StderrLogger("test", Level.WARN);
        logger.info("not this");
        logger.debug("nor this");
        logger.warn("but this");
        logger.error("and this");

        assertThat(stderr()).doesNotContain("not this", "nor this").contains("WARN but this\n", "ERROR and this\n");
        assertThat(logger.isInfoEnabled()).isFalse();
        assertThat(logger.isWarnEnabled()).isTrue();
        assertThat(new StderrLogger("test", Level.TRACE).isTraceEnabled()).isTrue();
        assertThat(new StderrLogger("test", Level.DEBUG).isTraceEnabled()).isFalse();
    }

    @Test
    void followsTheLineWithTheStackTraceOfAThrowable() {
        new StderrLogger("test", Level.INFO).warn("closing failed", new IllegalStateException("fd 7 is gone"));

        assertThat(stderr()).contains(" WARN closing failed\njava.lang.IllegalStateException: fd 7 is gone\n")
                .contains("\tat " + StderrLoggerTest.class.getName());
    }

    @Test
    void levelComesFromThePropertyAndABadValueIsReported() {
        ByteArrayOutputStream problems = new ByteArrayOutputStream();
        var out = new PrintStream(problems, true, StandardCharsets.UTF_8);
        assertThat(LogLevel.configured(out)).isEqualTo(Level.INFO);
        assertThat(LogLevel.isSet()).isFalse();

        LogLevel.set(Level.DEBUG);
        assertThat(System.getProperty(LogLevel.PROPERTY)).isEqualTo("debug");
        assertThat(LogLevel.configured(out)).isEqualTo(Level.DEBUG);
        System.setProperty(LogLevel.PROPERTY, " Trace ");
        assertThat(LogLevel.configured(out)).isEqualTo(Level.TRACE);
        assertThat(problems.toString(StandardCharsets.UTF_8)).isEmpty();

        System.setProperty(LogLevel.PROPERTY, "loud");
        assertThat(LogLevel.configured(out)).isEqualTo(Level.INFO);
        assertThat(problems.toString(StandardCharsets.UTF_8))
                .isEqualTo("vista: -Dvista.log.level=loud is not a log level (error, warn, info, debug or trace); "
                        + "logging at info\n");
    }

    @Test
    void isTheBindingSlf4jFinds() {
        assertThat(org.slf4j.LoggerFactory.getLogger("dev.vista.test")).isInstanceOf(StderrLogger.class);
    }
}
