package dev.vista;

import dev.vista.event.SocketEvent;
import dev.vista.internal.kernel.CgroupV2;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs a command and reports every socket it and all its descendants connect, accept, or send to an
 * address with, like tcpw: TCP by default, UDP and Unix sockets on request. The command's standard
 * input, output and error are this process's, and {@link #run()} returns its exit code.
 *
 * <p>The command runs in a cgroup (v2) of its own, which it joins before it execs, so every process
 * it starts is followed however it forks, and no other process's socket can appear. The cgroup is
 * removed afterwards (processes the command left running move to the parent cgroup). Needs root.
 *
 * <pre>{@code
 * int exit = Tracer.traceCommand(List.of("curl", "-s", "https://example.org")).udp()
 *         .onSocket(s -> System.err.println(lines.of(s))).run();
 * }</pre>
 */
public final class CommandTracing {
    private static final AtomicLong SEQUENCE = new AtomicLong();
    // Joins the cgroup named by VISTA_CGROUP, then becomes the command ("$@"; $0 names it in the shell's
    // messages): nothing of the command runs outside the cgroup, and the variable does not reach it.
    private static final String CGROUP_VARIABLE = "VISTA_CGROUP";
    private static final String LAUNCHER = "echo $$ > \"$VISTA_CGROUP/cgroup.procs\" || "
            + "{ echo \"vista: cannot move the command into cgroup $VISTA_CGROUP\" >&2; exit 126; }; "
            + "unset VISTA_CGROUP; exec \"$@\"";
    /** The exit code when the command could not be put into its cgroup (as a shell's "cannot execute"). */
    public static final int CANNOT_JOIN_CGROUP = 126;

    private final List<String> command;
    private boolean tcp = true;
    private boolean udp;
    private boolean unix;
    private Consumer<? super SocketEvent> sink;

    CommandTracing(List<String> command) {
        if (command.isEmpty() || command.getFirst().isBlank()) {
            throw new InvalidPlanException("no command to run: give the program and its arguments");
        }
        this.command = List.copyOf(command);
    }

    /** Report TCP sockets (the default); {@code false} to leave them out. */
    public CommandTracing tcp(boolean enabled) {
        tcp = enabled;
        return this;
    }

    /** Also report UDP sockets (tcpw's -U). */
    public CommandTracing udp() {
        udp = true;
        return this;
    }

    /** Also report Unix sockets, stream and datagram (tcpw's -X). */
    public CommandTracing unix() {
        unix = true;
        return this;
    }

    /** Receives each socket as the command uses it, on the tracer's poller thread. */
    public CommandTracing onSocket(Consumer<? super SocketEvent> consumer) {
        sink = consumer;
        return this;
    }

    /**
     * Runs the command to its end and returns its exit code, after every socket it used was delivered.
     *
     * @throws InterruptedException if interrupted while waiting for the command (the command is killed)
     */
    @SuppressWarnings("try") // the tracer only has to run while the command does
    public int run() throws InterruptedException {
        if (sink == null) {
            throw new InvalidPlanException("no sink for sockets: call onSocket(...) before run()");
        }
        if (!tcp && !udp && !unix) {
            throw new InvalidPlanException("no kind of socket to report: keep tcp, or add udp() or unix()");
        }
        try (CgroupV2 cgroup = CgroupV2.create("vista-cmd-" + ProcessHandle.current().pid() + "-"
                + SEQUENCE.incrementAndGet());
                Tracer tracer = Tracer.builder().traceCgroupSockets(cgroup.directory()).onSocket(this::deliver)
                        .start()) {
            List<String> launch = new ArrayList<>(List.of("/bin/sh", "-c", LAUNCHER, command.getFirst()));
            launch.addAll(command);
            ProcessBuilder builder = new ProcessBuilder(launch).inheritIO();
            builder.environment().put(CGROUP_VARIABLE, cgroup.directory().toString());
            Process process;
            try {
                process = builder.start();
            } catch (java.io.IOException e) {
                throw new VistaException("cannot start /bin/sh to run " + command.getFirst() + ": " + e.getMessage(), e);
            }
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw e;
            }
        }
    }

    private void deliver(SocketEvent socket) {
        boolean wanted = socket.isUnix() ? unix
                : "TCP".equals(socket.protocol()) ? tcp : "UDP".equals(socket.protocol()) && udp;
        if (wanted) {
            sink.accept(socket);
        }
    }
}
