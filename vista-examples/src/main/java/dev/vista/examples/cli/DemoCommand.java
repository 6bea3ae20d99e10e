package dev.vista.examples.cli;

import dev.vista.examples.demo.Demo;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vista demo}: runs {@link Demo} and prints its summary after the events. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Show what vista sees, with no traffic of your own: two network namespaces joined by a veth "
                + "pair, ping, TCP and UDP between them, a UDP packet to a closed port and one to a port an "
                + "iptables rule drops. Everything it creates is removed at the end, also on Ctrl-C. Needs root."})
final class DemoCommand implements Callable<Integer> {
    private final StopRequest stop;

    @Spec
    CommandSpec spec;

    DemoCommand(StopRequest stop) {
        this.stop = stop;
    }

    @Override
    public Integer call() throws Exception {
        StartupCompilerPriority.restore(); // the demo's own set-up and traffic come first
        PrintWriter out = spec.commandLine().getOut();
        out.print(new Demo(out, stop::requested).run());
        out.flush();
        return ExitCode.OK;
    }
}
