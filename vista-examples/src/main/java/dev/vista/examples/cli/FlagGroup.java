package dev.vista.examples.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Flags that belong together (what to trace, what to print...), declared with picocli's programmatic model
 * instead of its annotations: reading annotations costs a cold start reflection and annotation proxies that the
 * JDK's AOT cache cannot keep (BENCHMARKS.md, issue 19). A subclass declares each flag as a field and reads its
 * value through an accessor once the command line is parsed; a command adds the group's flags to its own.
 */
abstract class FlagGroup {
    private final List<ArgSpec> declared = new ArrayList<>();

    /** A switch: {@code false} unless given. */
    final OptionSpec flag(String name, String description) {
        return add(switchNamed(name).description(description));
    }

    /** The start of a switch's spec, {@code false} unless given, for one with more names or more attributes. */
    static OptionSpec.Builder switchNamed(String... names) {
        return OptionSpec.builder(names).type(boolean.class).initialValue(false);
    }

    /** Whether a switch of {@link #switchNamed} was given (or set true). */
    static boolean isSet(OptionSpec flag) {
        return flag.getValue();
    }

    /** A flag with a value of {@code type}, null unless given. */
    final OptionSpec option(String name, String label, Class<?> type, String description) {
        return add(OptionSpec.builder(name).paramLabel(label).type(type).description(description));
    }

    /** Any other flag, as built. */
    final OptionSpec add(OptionSpec.Builder flag) {
        OptionSpec built = flag.build();
        declared.add(built);
        return built;
    }

    /** A positional parameter, as built. */
    final PositionalParamSpec add(PositionalParamSpec.Builder parameter) {
        PositionalParamSpec built = parameter.build();
        declared.add(built);
        return built;
    }

    /** Adds this group's flags and parameters to {@code command}. */
    final void addTo(CommandSpec command) {
        for (ArgSpec arg : declared) {
            if (arg instanceof OptionSpec option) {
                command.addOption(option);
            } else {
                command.addPositional((PositionalParamSpec) arg);
            }
        }
    }
}
