package dev.vista.examples.cli;

import dev.vista.CommandTracing;
import dev.vista.Tracer;
import dev.vista.examples.cli.log.LogLevel;
import dev.vista.format.SocketLines;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.event.Level;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code vista tcpw [-U] [-X] -- CMD ARGS}: runs CMD and prints every socket it and its descendants
 * connect, accept or send to, as Asphaltt/tcpw does. The lines go to stderr, so the command's own
 * output on stdout stays as it was (pipe it on); the exit code is the command's.
 */
final class TcpwCommand extends FlagGroup implements Callable<Integer> {

    private final OptionSpec udp = flag("-U", "also report UDP sockets");
    private final OptionSpec unix = flag("-X", "also report Unix sockets (stream and datagram)");
    private final PositionalParamSpec command = add(PositionalParamSpec.builder().paramLabel("CMD").arity("1..*")
            .required(true).type(List.class).auxiliaryTypes(String.class)
            .description("the command and its arguments (after --)"));
    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("tcpw");

    TcpwCommand() {
        spec.usageMessage().description("Run a command and print the sockets it and all its descendants use: TCP by "
                + "default, UDP with -U, Unix with -X. '->' connected, '<-' accepted, '--' datagrams sent. The "
                + "command's input and output are untouched (socket lines go to stderr) and its exit code is "
                + "returned. Needs root (cgroup v2 and BPF).")
                .footer("", "Example: vista tcpw -U -- curl -s https://example.org");
        addTo(spec);
        new HelpOptions().addTo(spec);
    }

    CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (!LogLevel.isSet()) {
            LogLevel.set(Level.WARN); // only the sockets, unless --log-level asks for more
        }
        PrintWriter err = spec.commandLine().getErr();
        SocketLines lines = new SocketLines();
        CommandTracing tracing = Tracer.traceCommand(command.<List<String>>getValue()).onSocket(socket -> {
            synchronized (err) {
                err.println(lines.of(socket));
                err.flush();
            }
        });
        if (isSet(udp)) {
            tracing.udp();
        }
        if (isSet(unix)) {
            tracing.unix();
        }
        return tracing.run();
    }
}
