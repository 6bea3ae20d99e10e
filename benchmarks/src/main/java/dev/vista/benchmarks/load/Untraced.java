package dev.vista.benchmarks.load;

/** The baseline: no tracer at all. */
final class Untraced implements TracerUnderTest {
    @Override
    public String name() {
        return "off";
    }

    @Override
    public void start() {
    }

    @Override
    public long progress() {
        return 0;
    }

    @Override
    public long cpuNanos() {
        return 0;
    }

    @Override
    public void abort() {
    }

    @Override
    public Outcome stop() {
        return new Outcome(0, 0, -1, "");
    }
}
