package dev.vista.examples.cli;

import dev.vista.examples.demo.Demo;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vista demo}: runs {@link Demo} and prints its summary after the events. */
final class DemoCommand implements Callable<Integer> {
    private final StopRequest stop;
    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("demo");

    DemoCommand(StopRequest stop) {
        this.stop = stop;
        spec.usageMessage().description("Show what vista sees, with no traffic of your own: two network namespaces "
                + "joined by a veth pair, ping, TCP and UDP between them, a UDP packet to a closed port and one to a "
                + "port an iptables rule drops. Everything it creates is removed at the end, also on Ctrl-C. Needs "
                + "root.");
        new HelpOptions().addTo(spec);
    }

    CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.print(new Demo(out, stop::requested).run());
        out.flush();
        return ExitCode.OK;
    }
}
