package dev.vista.junit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Names network namespaces by inode for failure messages: those made with {@code ip netns add} by their name
 * (the test beds' namespaces are), the host's as "host", others by number.
 */
final class NetnsNames {
    private static final Path RUN_NETNS = Path.of("/run/netns");
    private final Map<Long, String> names = new HashMap<>();

    private NetnsNames() {
    }

    /** The names as they are now (namespaces come and go: read them when a message is written). */
    static NetnsNames current() {
        NetnsNames current = new NetnsNames();
        current.add(Path.of("/proc/1/ns/net"), "host");
        if (Files.isDirectory(RUN_NETNS)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(RUN_NETNS)) {
                for (Path file : files) {
                    current.add(file, file.getFileName().toString());
                }
            } catch (IOException e) {
                // Names only decorate messages: without them the inodes are shown.
            }
        }
        return current;
    }

    private void add(Path nsFile, String name) {
        try {
            names.putIfAbsent(((Number) Files.getAttribute(nsFile, "unix:ino")).longValue(), name);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // not readable (e.g. without privileges): shown by inode
        }
    }

    String name(long inode) {
        String name = names.get(inode);
        return name != null ? name : Long.toString(inode);
    }
}
