package dev.vista.internal.kernel;

import dev.vista.internal.libc.Namespaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Work done inside another network namespace, and the file that names a namespace known by its inode.
 * setns moves only the calling thread: a short-lived platform thread enters, works and ends, so the caller
 * never changes namespace.
 */
public final class NetworkNamespaces {
    private NetworkNamespaces() {
    }

    /** A file referring to the namespace with this inode: a name of 'ip netns add', else a process in it. */
    public static Optional<Path> file(long inode) {
        try (Stream<Path> named = list(Path.of("/run/netns")); Stream<Path> processes = list(Path.of("/proc"))) {
            Stream<Path> processFiles = processes.filter(dir -> dir.getFileName().toString().chars().allMatch(Character::isDigit))
                    .map(dir -> dir.resolve("ns/net"));
            return Stream.concat(named, processFiles).filter(file -> inodeOf(file) == inode).findFirst();
        }
    }

    /**
     * Runs {@code work} on a thread inside the namespace {@code nsFile} names and returns its result; what it
     * throws is thrown here. Processes it starts (ProcessBuilder) start in that namespace too.
     */
    public static <T> T inside(Path nsFile, String threadName, Supplier<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread worker = Thread.ofPlatform().name(threadName).start(() -> {
            try {
                Namespaces.enter(nsFile, Namespaces.CLONE_NEWNET);
                result.set(work.get());
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        boolean interrupted = false;
        while (true) {
            try {
                worker.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the work holds kernel objects (links): wait for it, then restore the flag
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
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
