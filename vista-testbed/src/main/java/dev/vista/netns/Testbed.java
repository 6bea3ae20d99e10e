package dev.vista.netns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.SequencedMap;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Network namespaces joined by veth pairs, for tests that send real traffic through the kernel.
 * Everything it creates is removed on {@link #close()}, also when building failed half-way, and when
 * the JVM exits without closing it (Ctrl-C).
 *
 * <pre>{@code
 * try (Testbed bed = Testbed.builder()
 *         .veth(VethEndSpec.of("client", "10.99.0.1/24", "fd00:99::1/64"),
 *               VethEndSpec.of("server", "10.99.0.2/24", "fd00:99::2/64"))
 *         .build()) {
 *     bed.namespace("client").exec("ping", "-c1", "10.99.0.2").orThrow();
 * }
 * }</pre>
 */
public final class Testbed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Testbed.class);
    private static final Pattern VALID_ROLE = Pattern.compile("[A-Za-z0-9_-]{1,40}");

    private final SequencedMap<String, NetworkNamespace> namespaces = new LinkedHashMap<>();
    private final List<Veth> veths = new ArrayList<>();
    private final Thread shutdownHook = Thread.ofPlatform().name("vista-testbed-cleanup").unstarted(this::closeQuietly);
    private boolean closed;

    private Testbed() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The namespace given this name in the builder. */
    public synchronized NetworkNamespace namespace(String name) {
        NetworkNamespace ns = namespaces.get(name);
        if (ns == null) {
            throw new IllegalArgumentException("no namespace '" + name + "' in this test bed; it has " + namespaces.keySet());
        }
        return ns;
    }

    /** The namespaces, in the order they were first named in the builder. */
    public synchronized List<NetworkNamespace> namespaces() {
        return List.copyOf(namespaces.values());
    }

    /** The veth pairs, in the order they were added to the builder. */
    public synchronized List<Veth> veths() {
        return List.copyOf(veths);
    }

    public synchronized Veth veth(int index) {
        return veths.get(index);
    }

    /**
     * Deletes the namespaces (their veths and iptables rules go with them). Tries every namespace and then
     * throws the first failure; calling it again does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting: this may be the hook itself
        }
        RuntimeException failure = null;
        for (NetworkNamespace ns : namespaces.sequencedValues().reversed()) {
            try {
                ns.delete();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        log.info("removed test bed {}", namespaces.values());
        if (failure != null) {
            throw failure;
        }
    }

    // Synchronized with close(): a Ctrl-C during creation waits until creation stops, then removes it all.
    private synchronized void create(String prefix, Set<String> roles, List<VethSpec> specs) {
        // One random suffix per test bed: parallel runs do not collide, and its namespaces are easy to spot.
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt(), 6);
        for (String role : roles) {
            NetworkNamespace ns = NetworkNamespace.create(prefix + "-" + role + "-" + suffix);
            namespaces.put(role, ns);
            Commands.check("ip", "-n", ns.name(), "link", "set", "lo", "up");
        }
        for (int n = 0; n < specs.size(); n++) {
            VethSpec spec = specs.get(n);
            NetworkNamespace nsA = namespaces.get(spec.a().namespace());
            NetworkNamespace nsB = namespaces.get(spec.b().namespace());
            String ifA = Objects.requireNonNullElse(spec.a().ifname(), "veth" + n + "a");
            String ifB = Objects.requireNonNullElse(spec.b().ifname(), "veth" + n + "b");
            // Both ends are born in their namespaces: nothing is ever left behind in the host's.
            Commands.check("ip", "link", "add", "name", ifA, "netns", nsA.name(),
                    "type", "veth", "peer", "name", ifB, "netns", nsB.name());
            veths.add(new Veth(configure(nsA, ifA, spec.a()), configure(nsB, ifB, spec.b())));
        }
        log.info("created test bed {} with {}", namespaces.values(), veths);
    }

    private static VethEnd configure(NetworkNamespace ns, String ifname, VethEndSpec spec) {
        Cidr ipv4 = spec.ipv4Cidr();
        Cidr ipv6 = spec.ipv6Cidr();
        Commands.check("ip", "-n", ns.name(), "addr", "add", ipv4.toString(), "dev", ifname);
        // nodad: otherwise the address stays tentative (unusable) for a second or more
        Commands.check("ip", "-n", ns.name(), "addr", "add", ipv6.toString(), "dev", ifname, "nodad");
        Commands.check("ip", "-n", ns.name(), "link", "set", ifname, "up");
        return new VethEnd(ns, ifname, ns.ifindex(ifname), (Inet4Address) ipv4.address(), (Inet6Address) ipv6.address());
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            log.warn("could not remove test bed {}", namespaces.values(), e);
        }
    }

    /** Namespace names given to the builder (and the prefix) become part of file names: keep them plain. */
    static void checkRole(String role) {
        if (!VALID_ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("bad name '" + role + "': use 1 to 40 letters, digits, '_' or '-'");
        }
    }

    private record VethSpec(VethEndSpec a, VethEndSpec b) {
    }

    /** Collects what the test bed should hold; {@link #build()} creates it. */
    public static final class Builder {
        private String prefix = "vista";
        private final Set<String> roles = new LinkedHashSet<>();
        private final List<VethSpec> veths = new ArrayList<>();

        private Builder() {
        }

        /** The start of every namespace's name ({@code <prefix>-<name>-<random>}); "vista" unless set. */
        public Builder prefix(String prefix) {
            checkRole(prefix);
            this.prefix = prefix;
            return this;
        }

        /** Adds a namespace; those named in {@link #veth} are added without this. */
        public Builder namespace(String name) {
            checkRole(name);
            roles.add(name);
            return this;
        }

        /** Adds a veth pair between two namespaces of this test bed. */
        public Builder veth(VethEndSpec a, VethEndSpec b) {
            if (a.namespace().equals(b.namespace())) {
                throw new IllegalArgumentException("both ends of a veth pair are in namespace '" + a.namespace()
                        + "': put them in two namespaces");
            }
            roles.add(a.namespace());
            roles.add(b.namespace());
            veths.add(new VethSpec(a, b));
            return this;
        }

        /** Creates everything, or, if something fails, removes what was created and throws. */
        public Testbed build() {
            if (roles.isEmpty()) {
                throw new IllegalArgumentException("a test bed needs at least one namespace");
            }
            Testbed bed = new Testbed();
            Runtime.getRuntime().addShutdownHook(bed.shutdownHook);
            try {
                bed.create(prefix, roles, veths);
            } catch (RuntimeException | Error e) {
                try {
                    bed.close();
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            return bed;
        }
    }
}
