package dev.vista.netns;

import java.util.List;

/**
 * How an external command ended.
 *
 * @param command  the program and its arguments
 * @param exitCode its exit status (128 + n when killed by signal n)
 * @param stdout   what it printed
 * @param stderr   what it printed as errors
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {
    public CommandResult {
        command = List.copyOf(command);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** This result if the command succeeded; otherwise a {@link CommandException} naming the command, exit code, stderr and a fix. */
    public CommandResult orThrow() {
        if (!succeeded()) {
            throw CommandException.failed(this);
        }
        return this;
    }
}
