package dev.vista.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The {@code vista} command running on another thread, its stdout and stderr collected, for kernel tests. */
record VistaRun(StringWriter out, StringWriter err, CompletableFuture<Integer> exit) {

    static VistaRun start(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = VistaCommand.commandLine(new StopRequest());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new VistaRun(out, err, CompletableFuture.supplyAsync(() -> cli.execute(args.toArray(String[]::new))));
    }
}
