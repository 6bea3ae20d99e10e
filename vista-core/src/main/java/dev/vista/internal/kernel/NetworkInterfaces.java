package dev.vista.internal.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The interface names of a network namespace, so that an interface filter naming none of them is
 * caught before tracing (a typo would otherwise look like "no traffic"). A thread's
 * {@code /proc/thread-self/net/dev} lists its own namespace's interfaces; another namespace's are
 * read by a thread that enters it, found by inode among {@code /run/netns} and the processes'.
 */
public final class NetworkInterfaces {
    private static final Path OWN_DEVICES = Path.of("/proc/thread-self/net/dev");

    private NetworkInterfaces() {
    }

    /** The interfaces of the caller's network namespace. */
    public static List<String> inCurrentNamespace() {
        return namesIn(OWN_DEVICES);
    }

    /** The interfaces of the namespace with this inode, or empty when no file refers to it. */
    public static Optional<List<String>> inNamespace(long inode) {
        return NetworkNamespaces.file(inode)
                .map(nsFile -> NetworkNamespaces.inside(nsFile, "vista-netns-interfaces", NetworkInterfaces::inCurrentNamespace));
    }

    /** The names in a {@code /proc/net/dev} text: two header lines, then {@code "  NAME: counters"}. */
    static List<String> parseNetDev(String text) {
        return text.lines().skip(2).map(line -> line.substring(0, line.indexOf(':')).strip()).toList();
    }

    private static List<String> namesIn(Path netDev) {
        try {
            return parseNetDev(Files.readString(netDev));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + netDev, e);
        }
    }
}
