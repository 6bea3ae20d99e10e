package dev.vista.benchmarks.load;

/** One way of tracing the flood (or not): started before it, measured while it runs, stopped after. */
interface TracerUnderTest {
    String name();

    /** Returns once the tracer is attached and consuming. */
    void start() throws Exception;

    /** Grows while the tracer delivers events: the harness waits for it to settle after a flood. */
    long progress();

    /** CPU time the tracer has used so far (its process, or its poller thread when in-process). */
    long cpuNanos();

    /** Stops the tracer and reports what it delivered and lost. */
    Outcome stop() throws Exception;

    /** After a failure: ends the tracer without reading its results, so nothing keeps tracing. */
    void abort();

    /**
     * @param delivered    events the tracer handed to its consumer (printed lines, for the printing tracers)
     * @param lost         events the tracer counted as lost
     * @param peakRssBytes peak resident memory of the tracer's process; -1 when it shares the harness's
     * @param note         anything odd the tracer's own output showed, or ""
     */
    record Outcome(long delivered, long lost, long peakRssBytes, String note) {
    }
}
