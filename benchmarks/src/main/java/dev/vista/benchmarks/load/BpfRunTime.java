package dev.vista.benchmarks.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Kernel CPU spent inside tracing BPF programs: the cost a tracer adds to the traffic itself (it runs in
 * the sender's and the softirq's context, not in the tracer's process). Needs kernel.bpf_stats_enabled,
 * which adds two clock reads per program run while on: the harness turns it on only for a flood of its
 * own, so that it does not slow the flood whose throughput is reported.
 */
final class BpfRunTime {
    private static final Path STATS_SYSCTL = Path.of("/proc/sys/kernel/bpf_stats_enabled");
    // Program types that tracers attach (ours: tracing = tp_btf and fentry, kprobe, netfilter = the observers
    // around netfilter tables, which Debian's bpftool 7.1 (libbpf 1.1) prints as type 32; bpftrace's: tracepoint).
    private static final Set<String> TRACING_TYPES = Set.of("tracing", "tracepoint", "raw_tracepoint", "kprobe",
            "netfilter", "32");

    private BpfRunTime() {
    }

    /** Turns the kernel's BPF run-time statistics on or off; closing restores the previous setting. */
    static AutoCloseable statistics(boolean on) throws IOException {
        String before = Files.readString(STATS_SYSCTL).strip();
        Files.writeString(STATS_SYSCTL, on ? "1" : "0");
        return () -> Files.writeString(STATS_SYSCTL, before);
    }

    /** Run time and run count of every loaded tracing program, by program id. */
    static Map<Long, Totals> snapshot() throws IOException, InterruptedException {
        Process bpftool = new ProcessBuilder("bpftool", "prog", "show", "--json")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String json = new String(bpftool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (bpftool.waitFor() != 0) {
            throw new IOException("bpftool prog show failed with exit code " + bpftool.exitValue());
        }
        return parse(json);
    }

    static Map<Long, Totals> parse(String bpftoolJson) {
        Map<Long, Totals> programs = new HashMap<>();
        try (JsonParser json = new JsonFactory().createParser(bpftoolJson)) {
            if (json.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("bpftool prog show --json printed no array");
            }
            while (json.nextToken() == JsonToken.START_OBJECT) {
                long id = -1;
                String type = "";
                long nanos = 0;
                long runs = 0;
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String field = json.currentName();
                    json.nextToken();
                    switch (field) {
                        case "id" -> id = json.getLongValue();
                        case "type" -> type = json.getText();
                        case "run_time_ns" -> nanos = json.getLongValue();
                        case "run_cnt" -> runs = json.getLongValue();
                        default -> json.skipChildren();
                    }
                }
                if (TRACING_TYPES.contains(type)) {
                    programs.put(id, new Totals(nanos, runs));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return programs;
    }

    /**
     * What the programs in {@code after} did since {@code before}. A program loaded in between counts from
     * zero: bpftrace prints that it is attaching before it loads its programs, so some may appear only after
     * the first snapshot (with the statistics already on, so all their runs were counted).
     */
    static Totals between(Map<Long, Totals> before, Map<Long, Totals> after) {
        long nanos = 0;
        long runs = 0;
        for (Map.Entry<Long, Totals> program : after.entrySet()) {
            Totals earlier = before.getOrDefault(program.getKey(), Totals.NONE);
            nanos += program.getValue().nanos() - earlier.nanos();
            runs += program.getValue().runs() - earlier.runs();
        }
        return new Totals(nanos, runs);
    }

    record Totals(long nanos, long runs) {
        static final Totals NONE = new Totals(0, 0);

        double nanosPerRun() {
            return runs == 0 ? 0 : (double) nanos / runs;
        }
    }
}
