package dev.vista.examples.output;

import dev.vista.TraceStats;
import java.util.Map;

/**
 * What a finished trace saw, for people: events delivered and lost, events per tracepoint and
 * drops per reason.
 *
 * @param dropsByReason dropped packets by the kernel's drop reason name ({@code NO_SOCKET})
 */
public record TraceSummary(TraceStats stats, Map<String, Long> dropsByReason) {
    private static final String ROW = "    %-28s %8d\n";

    public TraceSummary {
        dropsByReason = Map.copyOf(dropsByReason);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        text.append("summary: ").append(stats.delivered()).append(" events, ").append(stats.lost()).append(" lost")
                .append(stats.lost() > 0 ? " (ring buffer full: enlarge it with --ring-size or filter more)" : "")
                .append('\n');
        text.append("  events per tracepoint:\n");
        stats.perTracepoint().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(count -> text.append(ROW.formatted(count.getKey().qualifiedName(), count.getValue())));
        text.append("  drops per reason:").append(dropsByReason.isEmpty() ? " none" : "").append('\n');
        dropsByReason.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(count -> text.append(ROW.formatted(count.getKey(), count.getValue())));
        return text.toString();
    }
}
