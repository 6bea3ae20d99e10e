package dev.vista.examples.cli.log;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The CLI's SLF4J binding (META-INF/services): {@link StderrLogger}s at the level of {@link LogLevel}. It
 * replaces slf4j-simple in the CLI's jar for its time stamps alone (see {@link TimeOfDay}); the tests of the
 * other modules still log with slf4j-simple.
 */
public final class StderrLoggerProvider implements SLF4JServiceProvider {
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();
    private volatile ILoggerFactory loggers;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        var level = LogLevel.configured(System.err);
        ConcurrentMap<String, Logger> byName = new ConcurrentHashMap<>();
        loggers = name -> byName.computeIfAbsent(name, n -> new StderrLogger(n, level));
    }
}
