package dev.vista.examples.cli;

import dev.vista.CommandTracing;
import dev.vista.Tracer;
import dev.vista.format.SocketLines;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vista tcpw [-U] [-X] -- CMD ARGS}: runs CMD and prints every socket it and its descendants
 * connect, accept or send to, as Asphaltt/tcpw does. The lines go to stderr, so the command's own
 * output on stdout stays as it was (pipe it on); the exit code is the command's.
 */
@Command(name = "tcpw", mixinStandardHelpOptions = true,
        description = {"Run a command and print the sockets it and all its descendants use: TCP by default, "
                + "UDP with -U, Unix with -X. '->' connected, '<-' accepted, '--' datagrams sent. The command's "
                + "input and output are untouched (socket lines go to stderr) and its exit code is returned. "
                + "Needs root (cgroup v2 and BPF)."},
        footer = {"", "Example: vista tcpw -U -- curl -s https://example.org"})
final class TcpwCommand implements Callable<Integer> {
    private static final String LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    @Option(names = "-U", description = "also report UDP sockets")
    boolean udp;

    @Option(names = "-X", description = "also report Unix sockets (stream and datagram)")
    boolean unix;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "the command and its arguments (after --)")
    List<String> command;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        StartupCompilerPriority.restore(); // the command it runs starts with the trace
        if (System.getProperty(LEVEL_PROPERTY) == null) {
            System.setProperty(LEVEL_PROPERTY, "warn"); // only the sockets, unless --log-level asks for more
        }
        PrintWriter err = spec.commandLine().getErr();
        SocketLines lines = new SocketLines();
        CommandTracing tracing = Tracer.traceCommand(command).onSocket(socket -> {
            synchronized (err) {
                err.println(lines.of(socket));
                err.flush();
            }
        });
        if (udp) {
            tracing.udp();
        }
        if (unix) {
            tracing.unix();
        }
        return tracing.run();
    }
}
