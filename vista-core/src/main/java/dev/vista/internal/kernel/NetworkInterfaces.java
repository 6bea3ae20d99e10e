package dev.vista.internal.kernel;

import dev.vista.internal.libc.Namespaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

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
        Optional<Path> nsFile = namespaceFile(inode);
        if (nsFile.isEmpty()) {
            return Optional.empty();
        }
        AtomicReference<Object> outcome = new AtomicReference<>();
        // setns moves only the calling thread: a short-lived platform thread enters, reads and ends.
        Thread reader = Thread.ofPlatform().name("vista-netns-interfaces").start(() -> {
            try {
                Namespaces.enter(nsFile.get(), Namespaces.CLONE_NEWNET);
                outcome.set(inCurrentNamespace());
            } catch (RuntimeException e) {
                outcome.set(e);
            }
        });
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        if (outcome.get() instanceof RuntimeException e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) outcome.get();
        return Optional.of(names);
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

    /** A file referring to the namespace: a name of 'ip netns add', else a process in it. */
    private static Optional<Path> namespaceFile(long inode) {
        try (Stream<Path> named = list(Path.of("/run/netns")); Stream<Path> processes = list(Path.of("/proc"))) {
            Stream<Path> processFiles = processes.filter(dir -> dir.getFileName().toString().chars().allMatch(Character::isDigit))
                    .map(dir -> dir.resolve("ns/net"));
            return Stream.concat(named, processFiles).filter(file -> inodeOf(file) == inode).findFirst();
        }
    }

    private static Stream<Path> list(Path dir) {
        try {
            return Files.list(dir);
        } catch (IOException e) {
            return Stream.empty(); // no /run/netns: no namespace was named
        }
    }

    private static long inodeOf(Path nsFile) {
        try {
            return ((Number) Files.getAttribute(nsFile, "unix:ino")).longValue();
        } catch (IOException | RuntimeException e) {
            return -1; // a process that ended, or a file that is not a namespace
        }
    }
}
