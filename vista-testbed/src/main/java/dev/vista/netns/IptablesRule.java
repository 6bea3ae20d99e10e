package dev.vista.netns;

import java.util.List;
import java.util.stream.Stream;

/**
 * An iptables (or ip6tables) rule a test added to a namespace; {@link #close()} deletes exactly this rule
 * ({@code -D} with the same specification), so a test bed shared by several tests gets each test's rules
 * removed after it, also when it failed. Made by {@link NetworkNamespace#addIptablesRule}.
 */
public final class IptablesRule implements AutoCloseable {
    private final NetworkNamespace namespace;
    private final String program;
    private final String table;
    private final String chain;
    private final List<String> spec;
    private boolean deleted;

    private IptablesRule(NetworkNamespace namespace, String program, String table, String chain, List<String> spec) {
        this.namespace = namespace;
        this.program = program;
        this.table = table;
        this.chain = chain;
        this.spec = List.copyOf(spec);
    }

    static IptablesRule append(NetworkNamespace namespace, String program, String table, String chain,
            List<String> spec) {
        IptablesRule rule = new IptablesRule(namespace, program, table, chain, spec);
        namespace.exec(rule.command("-A")).orThrow();
        return rule;
    }

    public String table() {
        return table;
    }

    public String chain() {
        return chain;
    }

    /** The rule's match and target, e.g. {@code [-p, udp, --dport, 53, -j, DROP]}. */
    public List<String> spec() {
        return spec;
    }

    /** Deletes the rule; calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (!deleted) {
            deleted = true;
            namespace.exec(command("-D")).orThrow();
        }
    }

    private String[] command(String operation) {
        return Stream.concat(Stream.of(program, "-w", "-t", table, operation, chain), spec.stream())
                .toArray(String[]::new);
    }

    @Override
    public String toString() {
        return program + " -t " + table + " -A " + chain + " " + CommandException.commandLine(spec) + " in " + namespace;
    }
}
