package dev.vista.examples.cli;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * vista's flags that this tool does not implement yet. They are parsed (so the error names the flag
 * instead of calling it unknown) and then refused: a vista command line never runs with part of it
 * silently ignored.
 */
final class UnsupportedVistaFlags {
    private static final List<String> SWITCHES = List.of();
    private static final List<String> WITH_VALUE = List.of(
            "--output-percpu-buffer", "--ready-file");

    private UnsupportedVistaFlags() {
    }

    /** Adds the flags (hidden from the option list, named in the footer). */
    static void addTo(CommandSpec spec) {
        // Switches take an optional value, as in vista (Go's pflag): --output-skb=false turns one off.
        SWITCHES.forEach(name -> spec.addOption(OptionSpec.builder(name).arity("0..1").type(boolean.class)
                .hidden(true).build()));
        WITH_VALUE.forEach(name -> spec.addOption(OptionSpec.builder(name).arity("1").type(String.class)
                .hidden(true).build()));
        spec.usageMessage().footer(Stream.concat(Stream.of(spec.usageMessage().footer()), Stream.of(
                "", "vista flags accepted but not supported yet (the command fails with exit code 2):",
                Stream.concat(SWITCHES.stream(), WITH_VALUE.stream()).sorted().collect(Collectors.joining(", ")) + "."))
                .toArray(String[]::new));
    }

    /** The first unsupported flag the command line uses. */
    static Optional<String> firstUsed(ParseResult parsed) {
        return Stream.concat(
                        SWITCHES.stream().filter(name -> parsed.matchedOptionValue(name, false)),
                        WITH_VALUE.stream().filter(parsed::hasMatchedOption))
                .findFirst();
    }
}
