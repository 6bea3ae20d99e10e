package dev.vista.netns;

import java.io.IOException;
import java.io.Serial;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** An external command ({@code ip}, {@code iptables}, ...) could not be started or failed. */
public final class CommandException extends TestbedException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The exit code reported when the program could not be started at all. */
    public static final int NOT_STARTED = -1;

    // Debian packages for the programs the test bed and its users run.
    private static final Map<String, String> PACKAGES = Map.of(
            "ip", "iproute2", "tc", "iproute2", "ping", "iputils-ping",
            "iptables", "iptables", "ip6tables", "iptables", "nft", "nftables");
    // How `ip netns exec` reports a program it cannot find.
    private static final Pattern EXEC_FAILED = Pattern.compile("exec of \"([^\"]+)\" failed: No such file or directory");

    @SuppressWarnings("serial") // List.copyOf gives a serializable list
    private final List<String> command;
    private final int exitCode;
    private final String stderr;

    private CommandException(List<String> command, int exitCode, String stderr, String problem, String hint,
            Throwable cause) {
        super(problem + ": " + commandLine(command)
                + (stderr.isBlank() ? "" : "\nstderr: " + stderr.strip())
                + (hint == null ? "" : "\nhint: " + hint), cause);
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
        this.stderr = stderr;
    }

    static CommandException failed(CommandResult result) {
        return new CommandException(result.command(), result.exitCode(), result.stderr(),
                "command failed with exit code " + result.exitCode(), hint(result.stderr()), null);
    }

    static CommandException notStarted(List<String> command, IOException cause) {
        return new CommandException(command, NOT_STARTED, "", "cannot run " + command.getFirst() + " ("
                + cause.getMessage() + ")", install(command.getFirst()), cause);
    }

    public List<String> command() {
        return command;
    }

    /** The command's exit code, or {@link #NOT_STARTED}. */
    public int exitCode() {
        return exitCode;
    }

    public String stderr() {
        return stderr;
    }

    /** The command as one would type it in a shell. */
    static String commandLine(List<String> command) {
        return command.stream()
                .map(arg -> arg.isEmpty() || arg.matches(".*[\\s'\"\\\\$].*") ? "'" + arg.replace("'", "'\\''") + "'" : arg)
                .collect(Collectors.joining(" "));
    }

    private static String hint(String stderr) {
        Matcher missing = EXEC_FAILED.matcher(stderr);
        if (missing.find()) {
            return install(missing.group(1));
        }
        if (stderr.contains("Operation not permitted") || stderr.contains("Permission denied")) {
            return "run as root (network namespaces need CAP_SYS_ADMIN and CAP_NET_ADMIN)";
        }
        if (stderr.contains("File exists")) {
            return "a namespace or interface of that name exists already: see `ip netns list`, `ip link`";
        }
        if (stderr.contains("Cannot open network namespace")) {
            return "no such network namespace: see `ip netns list`";
        }
        return null;
    }

    private static String install(String program) {
        String name = program.substring(program.lastIndexOf('/') + 1);
        String pkg = PACKAGES.get(name);
        return pkg == null
                ? "is " + name + " installed and on the PATH?"
                : name + " is missing: install " + pkg + " (apt-get install " + pkg + ")";
    }
}
