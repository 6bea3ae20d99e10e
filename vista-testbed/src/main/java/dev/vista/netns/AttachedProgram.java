package dev.vista.netns;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link TestProgram} attached to a device of a namespace with the commands users type:
 * {@code tc qdisc add dev X clsact} and {@code tc filter add dev X ingress|egress pref N bpf da obj F sec S}
 * for TC, {@code ip link set dev X xdp obj F sec S} for XDP. {@link #close()} detaches exactly it (and
 * removes the clsact qdisc it added); the kernel unloads the program then. Made by
 * {@link NetworkNamespace#attachTc} and {@link NetworkNamespace#attachXdp}.
 */
public final class AttachedProgram implements AutoCloseable {
    /** Where a TC program sees packets. */
    public enum Direction {
        INGRESS,
        EGRESS;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    // Distinct filter priorities, so that closing one attachment deletes only its own filter.
    private static final AtomicInteger NEXT_PREF = new AtomicInteger(1000);

    private final NetworkNamespace namespace;
    private final String ifname;
    private final TestProgram program;
    private final List<String> detach;
    private final boolean removeClsact;
    private boolean closed;

    private AttachedProgram(NetworkNamespace namespace, String ifname, TestProgram program, List<String> detach,
            boolean removeClsact) {
        this.namespace = namespace;
        this.ifname = ifname;
        this.program = program;
        this.detach = detach;
        this.removeClsact = removeClsact;
    }

    static AttachedProgram tc(NetworkNamespace namespace, String ifname, Direction direction, TestProgram program) {
        requireHook(program, TestProgram.Hook.TC);
        boolean addClsact = !namespace.exec("tc", "qdisc", "show", "dev", ifname).orThrow().stdout()
                .contains("clsact");
        if (addClsact) {
            namespace.exec("tc", "qdisc", "add", "dev", ifname, "clsact").orThrow();
        }
        String pref = Integer.toString(NEXT_PREF.getAndIncrement());
        withObject(program, object -> namespace.exec("tc", "filter", "add", "dev", ifname, direction.word(), "pref",
                pref, "bpf", "da", "obj", object.toString(), "sec", program.section()).orThrow());
        return new AttachedProgram(namespace, ifname, program,
                List.of("tc", "filter", "del", "dev", ifname, direction.word(), "pref", pref), addClsact);
    }

    static AttachedProgram xdp(NetworkNamespace namespace, String ifname, TestProgram program) {
        requireHook(program, TestProgram.Hook.XDP);
        withObject(program, object -> namespace.exec("ip", "link", "set", "dev", ifname, "xdp", "obj",
                object.toString(), "sec", program.section()).orThrow());
        return new AttachedProgram(namespace, ifname, program,
                List.of("ip", "link", "set", "dev", ifname, "xdp", "off"), false);
    }

    private static void requireHook(TestProgram program, TestProgram.Hook hook) {
        if (program.hook() != hook) {
            throw new IllegalArgumentException(program + " is a " + program.hook() + " program, not " + hook);
        }
    }

    /** Writes the program's object to a file for tc or ip to load, then deletes it (the kernel keeps the program). */
    private static void withObject(TestProgram program, Consumer<Path> attach) {
        Path object = null;
        try (InputStream in = AttachedProgram.class.getResourceAsStream(program.resource())) {
            if (in == null) {
                throw new TestbedException("no resource " + program.resource() + " on the class path: build "
                        + "vista-testbed with clang-19 (the exec plugin compiles src/main/bpf)");
            }
            object = Files.createTempFile("vista-test-program", ".bpf.o");
            Files.copy(in, object, StandardCopyOption.REPLACE_EXISTING);
            attach.accept(object);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + program.resource() + " to a temporary file", e);
        } finally {
            if (object != null) {
                try {
                    Files.deleteIfExists(object);
                } catch (IOException e) {
                    object.toFile().deleteOnExit();
                }
            }
        }
    }

    public TestProgram program() {
        return program;
    }

    public String ifname() {
        return ifname;
    }

    /** Detaches the program; calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            namespace.exec(detach.toArray(String[]::new)).orThrow();
            if (removeClsact) {
                namespace.exec("tc", "qdisc", "del", "dev", ifname, "clsact").orThrow();
            }
        }
    }

    @Override
    public String toString() {
        return program + " on " + ifname + " in " + namespace;
    }
}
