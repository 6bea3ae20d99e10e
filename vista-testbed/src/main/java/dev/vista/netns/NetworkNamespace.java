package dev.vista.netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A named network namespace, as {@code ip netns} manages them: a file {@code /run/netns/<name>}.
 * Java code runs inside it with {@link #call}; programs run inside it with {@link #exec}.
 */
public final class NetworkNamespace {
    private static final Path RUN_NETNS = Path.of("/run/netns");
    // What `ip netns` accepts that is also a harmless file name.
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,200}");
    private static final Pattern IFINDEX = Pattern.compile("^(\\d+): ");

    private final String name;

    private NetworkNamespace(String name) {
        this.name = name;
    }

    /** Creates a namespace with {@code ip netns add}. */
    public static NetworkNamespace create(String name) {
        checkName(name);
        Commands.check("ip", "netns", "add", name);
        return new NetworkNamespace(name);
    }

    /** An existing namespace, e.g. one made with {@code ip netns add}. */
    public static NetworkNamespace open(String name) {
        checkName(name);
        NetworkNamespace ns = new NetworkNamespace(name);
        if (!Files.exists(ns.path())) {
            throw new TestbedException("no network namespace named " + name + " (" + ns.path()
                    + " does not exist): see `ip netns list`");
        }
        return ns;
    }

    public String name() {
        return name;
    }

    /** The namespace file, usable wherever a netns path is asked for (e.g. a netns filter). */
    public Path path() {
        return RUN_NETNS.resolve(name);
    }

    /** The namespace's inode number: what the kernel reports as {@code net->ns.inum}. */
    public long inode() {
        try {
            return (long) Files.getAttribute(path(), "unix:ino");
        } catch (IOException e) {
            throw new TestbedException("cannot stat network namespace " + path() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code code} inside this namespace and returns its result: sockets it opens belong to the namespace
     * and keep belonging to it afterwards. The code runs on a new platform thread that enters the namespace
     * (setns affects only the calling thread) and ends with the code, so no thread is left behind in it.
     * What the code throws is thrown here, unwrapped.
     */
    public <T> T call(Callable<T> code) throws Exception {
        CompletableFuture<T> outcome = new CompletableFuture<>();
        Thread.ofPlatform().name("netns-" + name).daemon().start(() -> {
            try {
                Setns.enter(this);
                outcome.complete(code.call());
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            }
        });
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw new TestbedException("code in network namespace " + name + " failed", cause);
        }
    }

    /** Like {@link #call}, for code without a result. */
    public void run(ThrowingRunnable code) throws Exception {
        call(() -> {
            code.run();
            return null;
        });
    }

    /**
     * Runs a program inside this namespace ({@code ip netns exec <name> ...}) and returns how it ended,
     * whatever its exit code; {@link CommandResult#orThrow()} turns a failure into an exception.
     */
    public CommandResult exec(String... command) {
        return Commands.run(Stream.concat(Stream.of("ip", "netns", "exec", name), Stream.of(command)).toList());
    }

    /** Runs {@code iptables} with these arguments inside this namespace; its rules go away with the namespace. */
    public CommandResult iptables(String... args) {
        return Commands.run(Stream.concat(Stream.of("ip", "netns", "exec", name, "iptables"), Stream.of(args))
                .toList()).orThrow();
    }

    /**
     * Appends an iptables rule ({@code iptables -t table -A chain spec...}) and returns it; closing it deletes
     * exactly this rule. Use it with try-with-resources or JUnit's {@code @AutoClose} when the namespace
     * outlives the test.
     */
    public IptablesRule addIptablesRule(String table, String chain, String... spec) {
        return IptablesRule.append(this, "iptables", table, chain, List.of(spec));
    }

    /** Like {@link #addIptablesRule}, for IPv6 ({@code ip6tables}). */
    public IptablesRule addIp6tablesRule(String table, String chain, String... spec) {
        return IptablesRule.append(this, "ip6tables", table, chain, List.of(spec));
    }

    /** Creates an nftables table ({@code nft add table family name}); closing it deletes the table and its rules. */
    public NftTable addNftTable(String family, String name) {
        return NftTable.create(this, family, name);
    }

    /**
     * Attaches a TC {@link TestProgram} to {@code ifname} as users do ({@code tc qdisc add ... clsact},
     * {@code tc filter add ... bpf da obj ...}); closing the result detaches it.
     */
    public AttachedProgram attachTc(String ifname, AttachedProgram.Direction direction, TestProgram program) {
        return AttachedProgram.tc(this, ifname, direction, program);
    }

    /**
     * Attaches an XDP {@link TestProgram} to {@code ifname} ({@code ip link set dev ... xdp obj ...});
     * closing the result detaches it.
     */
    public AttachedProgram attachXdp(String ifname, TestProgram program) {
        return AttachedProgram.xdp(this, ifname, program);
    }

    /** The index of an interface in this namespace. */
    public int ifindex(String ifname) {
        // `ip -o link` prints "7: veth0a@if6: <BROADCAST,...>"
        String line = Commands.check("ip", "-n", name, "-o", "link", "show", "dev", ifname).stdout();
        Matcher index = IFINDEX.matcher(line);
        if (!index.find()) {
            throw new TestbedException("cannot read the index of " + ifname + " in network namespace " + name
                    + " from: " + line.strip());
        }
        return Integer.parseInt(index.group(1));
    }

    /** Deletes the namespace with {@code ip netns del}; it lives on while a process or socket still uses it. */
    public void delete() {
        Commands.check("ip", "netns", "del", name);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NetworkNamespace ns && ns.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "netns " + name;
    }

    private static void checkName(String name) {
        if (!VALID_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad network namespace name '" + name
                    + "': use letters, digits, '_', '.', '-' (at most 200)");
        }
    }
}
