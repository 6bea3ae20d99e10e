package dev.vista.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.Properties;

/**
 * The CLI's log lines begin with the time of day, in the format simplelogger.properties gives. slf4j-simple makes
 * its {@link SimpleDateFormat} when it starts, and the first one a JVM makes loads the JDK's locale data: about 40 ms
 * on the way to "Listening". Made once on a thread of its own while the command line is parsed, it is in the JDK's
 * caches by then (BENCHMARKS.md, issue 19).
 */
final class LogTimestampFormat {
    private static final String CONFIGURATION = "/simplelogger.properties";
    private static final String FORMAT_PROPERTY = "org.slf4j.simpleLogger.dateTimeFormat";

    private LogTimestampFormat() {
    }

    static void prepareInBackground() {
        Thread.ofPlatform().name("vista-log-format").daemon().start(LogTimestampFormat::formatOnce);
    }

    private static void formatOnce() {
        Properties configuration = new Properties();
        try (InputStream in = LogTimestampFormat.class.getResourceAsStream(CONFIGURATION)) {
            if (in == null) {
                return;
            }
            configuration.load(in);
        } catch (IOException e) {
            return; // slf4j-simple meets the same file and says what is wrong with it
        }
        String format = configuration.getProperty(FORMAT_PROPERTY);
        if (format != null) {
            new SimpleDateFormat(format).format(new Date());
        }
    }
}
