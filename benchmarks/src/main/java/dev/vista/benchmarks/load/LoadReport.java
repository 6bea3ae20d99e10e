package dev.vista.benchmarks.load;

import java.util.List;
import java.util.Locale;

/** The side-by-side table of the load harness, in Markdown (BENCHMARKS.md takes it as it is). */
final class LoadReport {
    private LoadReport() {
    }

    /**
     * One run.
     *
     * @param cpuNanos      CPU the tracer used from the flood's start until it had caught up
     * @param windowNanos   from the flood's start until the tracer had caught up (its last delivery)
     * @param programs      kernel time in the tracing BPF programs, from a flood of its own (LoadHarness)
     */
    record Row(Flood.Kind kind, String tracer, Flood.Result sent, TracerUnderTest.Outcome outcome, long cpuNanos,
            long windowNanos, BpfRunTime.Totals programs) {
        long produced() {
            return outcome.delivered() + outcome.lost();
        }

        Row withPrograms(BpfRunTime.Totals measured) {
            return new Row(kind, tracer, sent, outcome, cpuNanos, windowNanos, measured);
        }

        double deliveredPerSecond() {
            return windowNanos == 0 ? 0 : outcome.delivered() * 1e9 / windowNanos;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.0f packets/s; %d events delivered, %d lost; CPU %.2f s",
                    sent.packetsPerSecond(), outcome.delivered(), outcome.lost(), cpuNanos / 1e9);
        }
    }

    static String table(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| traffic | tracer | sender packets/s | vs off | MB/s | events produced | per packet | delivered "
                + "| lost | delivered/s | tracer CPU s | CPU ns/event | BPF ns/run | peak RSS MB | note |\n");
        out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Row row : rows) {
            double off = rows.stream().filter(r -> r.kind() == row.kind() && r.tracer().equals("off"))
                    .mapToDouble(r -> r.sent().packetsPerSecond()).findFirst().orElse(Double.NaN);
            boolean traced = row.produced() > 0 || !row.tracer().equals("off");
            out.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %.2f | %.1f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    row.kind(), row.tracer(), row.sent().packetsPerSecond(), row.sent().packetsPerSecond() / off,
                    row.sent().megabytesPerSecond(),
                    traced ? String.format(Locale.ROOT, "%,d", row.produced()) : "",
                    traced ? String.format(Locale.ROOT, "%.2f", (double) row.produced() / row.sent().packets()) : "",
                    traced ? String.format(Locale.ROOT, "%,d", row.outcome().delivered()) : "",
                    traced ? String.format(Locale.ROOT, "%,d", row.outcome().lost()) : "",
                    traced ? String.format(Locale.ROOT, "%,.0f", row.deliveredPerSecond()) : "",
                    traced ? String.format(Locale.ROOT, "%.2f", row.cpuNanos() / 1e9) : "",
                    row.outcome().delivered() > 0
                            ? String.format(Locale.ROOT, "%.0f", (double) row.cpuNanos() / row.outcome().delivered()) : "",
                    row.programs().runs() > 0 ? String.format(Locale.ROOT, "%.0f", row.programs().nanosPerRun()) : "",
                    row.outcome().peakRssBytes() < 0 ? "" : Long.toString(row.outcome().peakRssBytes() >> 20),
                    row.outcome().note()));
        }
        return out.toString();
    }
}
