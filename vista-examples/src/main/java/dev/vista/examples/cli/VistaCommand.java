package dev.vista.examples.cli;

import dev.vista.KernelFeatureException;
import dev.vista.TracerBuilder;
import dev.vista.VistaException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine;

/**
 * The {@code vista} command: traces packets with vista's flags and prints them in vista's format
 * until Ctrl-C or {@code --output-limit-lines}, then a summary on stderr.
 */
public final class VistaCommand implements Callable<Integer> {
    static final String VERSION = "vista for Java 0.1.0";
    static final int BAD_INPUT = 1;
    private static final int INTERRUPTED = 130; // 128 + SIGINT, as shells report it
    /** The subcommands' names, as {@link #commandLine(StopRequest, String[])} looks for them. */
    static final Set<String> SUBCOMMANDS = Set.of("demo", "tcpw", "skbtracer");

    private final SourceOptions sources = new SourceOptions();
    private final FilterOptions filters = new FilterOptions();
    private final OutputOptions outputs = new OutputOptions();
    final PcapOptions pcap = new PcapOptions();
    private final OtlpOptions otlp = new OtlpOptions();
    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("vista").version(VERSION);
    private final StopRequest stop;

    VistaCommand(StopRequest stop) {
        this.stop = stop;
        spec.usageMessage()
                .description("Trace packets (skbs) through the Linux kernel with eBPF. Flags are Asphaltt/vista's.")
                .footer("", "Exit codes: 0 done; 1 bad input or tracing failed; 2 bad command line or a vista flag "
                        + "not supported yet.", "", "Environment: " + KernelIndexCacheDirectory.VARIABLE + "=DIR keeps "
                        + "the indexes made from the kernel's BTF and function lists in DIR between runs (default "
                        + "$XDG_CACHE_HOME/vista or ~/.cache/vista; off: none).");
        List.of(sources, filters, outputs, pcap, otlp, new HelpOptions(), new LoggingOptions())
                .forEach(flags -> flags.addTo(spec));
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // Answered before picocli builds the command, which costs more than the JVM's start.
            System.out.println(VERSION);
            return;
        }
        if (!asksForHelp(args)) {
            // The kernel's BTF and libbpf's bindings load while picocli builds the command and parses.
            KernelIndexCacheDirectory.prepareInBackground();
        }
        StopRequest stop = StopRequest.onShutdown();
        int code;
        try {
            code = commandLine(stop, args).execute(args);
        } finally {
            stop.finished();
        }
        // On Ctrl-C the JVM is already shutting down, where System.exit would block; it exits when its hooks are done.
        if (!stop.requested()) {
            System.exit(code);
        }
    }

    private static boolean asksForHelp(String[] args) {
        return Arrays.stream(args).anyMatch(arg -> arg.equals("-h") || arg.equals("--help") || arg.equals("-V")
                || arg.equals("--version"));
    }

    /** The command with its subcommands, flags and error handling; {@code execute} returns the exit code. */
    static CommandLine commandLine(StopRequest stop) {
        return commandLine(stop, true);
    }

    /**
     * The command for {@code args}: without the subcommands when no argument names one or asks for help, as a
     * trace's command line does (their models cost a few percent of the start in the emulated VM: BENCHMARKS.md,
     * issue 19, "Seventeenth round"). Such a command line parses the same either way: any other word is the
     * command's own pcap-filter expression, and picocli suggests no subcommand for an unknown flag.
     */
    static CommandLine commandLine(StopRequest stop, String[] args) {
        boolean needsSubcommands = asksForHelp(args) || Arrays.stream(args).anyMatch(SUBCOMMANDS::contains);
        return commandLine(stop, needsSubcommands);
    }

    private static CommandLine commandLine(StopRequest stop, boolean withSubcommands) {
        CommandLine cli = new CommandLine(new VistaCommand(stop).spec);
        UnsupportedVistaFlags.addTo(cli.getCommandSpec());
        if (withSubcommands) {
            cli.addSubcommand(new DemoCommand(stop).spec());
            cli.addSubcommand(new TcpwCommand().spec());
            cli.addSubcommand(new SkbtracerCommand(stop).spec());
            cli.getSubcommands().get("tcpw").setStopAtPositional(true); // CMD's own flags are CMD's
        }
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionStrategy(VistaCommand::refuseUnsupportedThenRun);
        cli.setParameterExceptionHandler(VistaCommand::reportBadCommandLine);
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (stop.requested()) {
                // Ctrl-C in the middle of something (starting, the demo's setup): the shutdown hooks clean up.
                command.getErr().println("vista: interrupted");
                return INTERRUPTED;
            }
            if (!(e instanceof VistaException)) {
                throw e;
            }
            command.getErr().println("vista: " + e.getMessage());
            if (e instanceof KernelFeatureException && parsed.hasMatchedOption("--filter-skb-func")) {
                // The library's advice names its builder; say what it means on this command line.
                command.getErr().println("vista: without --filter-skb-func the skb tracepoints are traced");
            }
            return BAD_INPUT;
        });
        return cli;
    }

    private static int refuseUnsupportedThenRun(ParseResult parsed) {
        Optional<String> unsupported = UnsupportedVistaFlags.firstUsed(parsed);
        if (unsupported.isPresent()) {
            parsed.commandSpec().commandLine().getErr()
                    .println("vista: " + unsupported.get() + " is not supported yet");
            return ExitCode.USAGE;
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /** A value that does not convert is bad input (1); an unknown or incomplete flag is a bad command line (2). */
    private static int reportBadCommandLine(ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("vista: " + e.getMessage());
        if (e.getCause() instanceof TypeConversionException) {
            return BAD_INPUT;
        }
        err.println("Try 'vista --help' for more information.");
        return ExitCode.USAGE;
    }

    @Override
    public Integer call() throws InterruptedException {
        return new TraceRun(outputs, pcap, otlp, stop, spec.commandLine().getOut(), spec.commandLine().getErr())
                .run(tracerBuilder());
    }

    TracerBuilder tracerBuilder() {
        TracerBuilder builder = TracerOptions.builder(sources, filters, outputs, spec.commandLine().getErr());
        pcap.applyTo(builder, sources.programs());
        return builder;
    }
}
