package dev.vista.benchmarks.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * bpftrace printing the same tracepoints with the same fields (skb-tracepoints.bt) to a file. Its perf
 * buffer gets 16 MiB per CPU (32 MiB on two CPUs), the memory the vista CLI's ring has by default.
 */
final class BpftraceProcess extends TracerProcess {
    static final String SCRIPT = "skb-tracepoints.bt";
    private static final String PERF_PAGES_PER_CPU = "4096";

    private final Path script;

    BpftraceProcess(Path directory) throws IOException {
        super(directory, "bpftrace");
        script = directory.resolve(SCRIPT);
        try (InputStream in = BpftraceProcess.class.getResourceAsStream(SCRIPT)) {
            Files.write(script, in.readAllBytes());
        }
    }

    @Override
    public String name() {
        return "bpftrace";
    }

    @Override
    protected List<String> command() {
        return List.of("env", "BPFTRACE_PERF_RB_PAGES=" + PERF_PAGES_PER_CPU, "bpftrace", "-o", output.toString(),
                script.toString());
    }

    @Override
    protected String stopSignal() {
        return "INT";
    }

    @Override
    protected Outcome outcome(int exitCode, long peakRssBytes) throws IOException {
        TracerOutput.Scan printed = TracerOutput.scan(output, "0x");
        Files.delete(output);
        // Where bpftrace reports losses depends on its version: read both of its outputs.
        long lost = printed.lost() + TracerOutput.bpftraceLost(Files.readString(stderr));
        return new Outcome(printed.events(), lost, peakRssBytes, exitCode == 0 ? "" : "exit code " + exitCode);
    }
}
