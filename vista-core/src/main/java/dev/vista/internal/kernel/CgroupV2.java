package dev.vista.internal.kernel;

import dev.vista.KernelFeatureException;
import dev.vista.VistaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A cgroup (v2) this process creates for a command and removes afterwards. Processes still in it at
 * removal (daemons the command left behind) are moved to the parent first: they live on, untraced.
 */
public final class CgroupV2 implements AutoCloseable {
    private static final Path MOUNTS = Path.of("/proc/self/mounts");
    private static final int REMOVE_ATTEMPTS = 50;

    private final Path directory;

    private CgroupV2(Path directory) {
        this.directory = directory;
    }

    /** Creates {@code name} directly under the cgroup2 mount. */
    public static CgroupV2 create(String name) {
        Path directory = mountPoint().resolve(name);
        try {
            Files.createDirectory(directory);
        } catch (IOException e) {
            throw new VistaException("cannot create cgroup " + directory + ": " + e.getMessage()
                    + " (tracing a command's sockets needs root)", e);
        }
        return new CgroupV2(directory);
    }

    /** Where the cgroup2 hierarchy is mounted (/sys/fs/cgroup, or /sys/fs/cgroup/unified on hybrid systems). */
    public static Path mountPoint() {
        try {
            return mountPoint(Files.readAllLines(MOUNTS)).orElseThrow(() -> new KernelFeatureException(
                    "no cgroup v2 hierarchy is mounted (none in " + MOUNTS + "); mount one, e.g. "
                            + "mount -t cgroup2 none /sys/fs/cgroup/unified"));
        } catch (IOException e) {
            throw new VistaException("cannot read " + MOUNTS + ": " + e.getMessage(), e);
        }
    }

    /** The mount point of the first cgroup2 line of a mounts table. */
    static Optional<Path> mountPoint(List<String> mounts) {
        return mounts.stream().map(line -> line.split(" ")).filter(f -> f.length > 2 && f[2].equals("cgroup2"))
                .map(f -> Path.of(f[1].replace("\\040", " "))).findFirst();
    }

    public Path directory() {
        return directory;
    }

    /** Moves what is left in the cgroup to its parent and removes it; retries while exiting tasks leave. */
    @Override
    public void close() {
        IOException last = null;
        for (int attempt = 0; attempt < REMOVE_ATTEMPTS; attempt++) {
            try {
                for (String pid : Files.readAllLines(directory.resolve("cgroup.procs"))) {
                    moveToParent(pid);
                }
                Files.delete(directory);
                return;
            } catch (IOException e) {
                last = e;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new VistaException("cannot remove cgroup " + directory + ": " + (last == null ? "interrupted"
                : last.getMessage()) + "; remove it with rmdir once its processes are gone", last);
    }

    private void moveToParent(String pid) {
        try {
            Files.writeString(directory.getParent().resolve("cgroup.procs"), pid);
        } catch (IOException e) {
            // The process exited in the meantime: nothing to move.
        }
    }
}
