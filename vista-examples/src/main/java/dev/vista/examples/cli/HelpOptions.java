package dev.vista.examples.cli;

import picocli.CommandLine.Model.OptionSpec;

/** {@code -h} and {@code -V} for each command, as picocli's standard help options word them. */
final class HelpOptions extends FlagGroup {
    HelpOptions() {
        add(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit."));
        add(OptionSpec.builder("-V", "--version").versionHelp(true).description("Print version information and exit."));
    }
}
