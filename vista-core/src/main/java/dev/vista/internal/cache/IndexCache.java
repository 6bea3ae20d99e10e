package dev.vista.internal.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Indexes made from kernel files (where each BTF type starts, a hash table of their names, the functions taking a
 * struct, the lines of ftrace's function list), kept in a directory between runs and keyed on the content they were
 * made from ({@link ContentKey}), so that a run on the same kernel reads them back as whole arrays instead of
 * making them again. Under emulation, making them is seconds of a tracer's start, run mostly in the interpreter
 * (BENCHMARKS.md, issue 19); reading them back is a bulk copy.
 *
 * <p>A cache only ever saves time: an index that is missing, unreadable, of another format or damaged (a
 * checksum covers each file) is made again and rewritten; a directory that cannot be written is used for nothing.
 * So is a directory that another user owns or may write to, as ssh treats its own: the indexes decide which kernel
 * functions a root process attaches to, so only its own user may have made them.
 * Files are published by rename, so no reader sees half a file, and at most {@link #KEPT_PER_KIND} are kept per
 * kind (the newest), so that the indexes of kernels since replaced do not pile up. What was read, written or
 * could not be is kept as {@link #takeNotes notes} for the tracer to log: the cache is used before a program has
 * set up its logging (KernelPreparation), which the first logger made would fix. Thread-safe.
 */
public final class IndexCache {
    /** No cache: every index is made anew. */
    public static final IndexCache NONE = new IndexCache(null);
    static final int KEPT_PER_KIND = 4;
    private static final int MAGIC = 0x58444956; // "VIDX" in a little-endian file
    private static final int FORMAT = 1;
    /** magic, format, the key's length (two words) and crc, the number of arrays. */
    private static final int HEADER_WORDS = 6;

    private static final FileAttribute<?> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    /** Owned by this process's user. */
    private static final Path PROCESS = Path.of("/proc/self");

    private final Path dir;
    private final Queue<String> notes = new ConcurrentLinkedQueue<>();

    private IndexCache(Path dir) {
        this.dir = dir;
    }

    /** The cache in {@code dir} (made when first written to, readable by its owner only); {@link #NONE} for null. */
    public static IndexCache in(Path dir) {
        return dir == null ? NONE : new IndexCache(dir);
    }

    /** The key to load and store {@code content}'s indexes by; null for {@link #NONE}, which spares the checksum. */
    public ContentKey keyOf(byte[] content) {
        return dir == null ? null : ContentKey.of(content);
    }

    /** What this cache has read, written or failed to since the last call, oldest first. */
    public List<String> takeNotes() {
        var taken = new ArrayList<String>();
        for (String note; (note = notes.poll()) != null; ) {
            taken.add(note);
        }
        return taken;
    }

    /**
     * The {@code arrays} int arrays stored as index {@code kind} of {@code key}'s content, or null when there are none
     * (or they cannot be read, or are not whole).
     */
    public int[][] load(String kind, ContentKey key, int arrays) {
        if (dir == null) {
            return null;
        }
        Path file = dir.resolve(key.fileName(kind));
        if (!trusted()) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            notes.add("cannot read %s (%s): making the index anew".formatted(file, e));
            return null;
        }
        int[][] loaded = decode(bytes, key, arrays);
        notes.add(loaded == null ? "%s is not a whole index of this content: making it anew".formatted(file)
                : "read " + file);
        return loaded;
    }

    /** Stores {@code arrays} as index {@code kind} of {@code key}'s content; a failure is logged and ignored. */
    public void store(String kind, ContentKey key, int[]... arrays) {
        if (dir == null) {
            return;
        }
        Path file = dir.resolve(key.fileName(kind));
        Path partial = null;
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, OWNER_ONLY);
            }
            if (!trusted()) {
                return;
            }
            partial = Files.createTempFile(dir, kind + "-", ".partial");
            Files.write(partial, encode(key, arrays));
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            partial = null;
            notes.add("wrote " + file);
            pruneOlder(kind);
        } catch (IOException | UnsupportedOperationException e) {
            notes.add("cannot write %s (%s): the next run makes the index anew".formatted(file, e));
        } finally {
            deleteQuietly(partial);
        }
    }

    /** The bytes stored by {@link #storeBytes} as index {@code kind} of {@code key}'s content, or null as for load. */
    public byte[] loadBytes(String kind, ContentKey key) {
        int[][] arrays = load(kind, key, 2);
        if (arrays == null || arrays[0].length != 1 || arrays[0][0] < 0
                || arrays[0][0] > (long) arrays[1].length * Integer.BYTES) {
            return null;
        }
        ByteBuffer words = ByteBuffer.allocate(arrays[1].length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        words.asIntBuffer().put(arrays[1]);
        return Arrays.copyOf(words.array(), arrays[0][0]);
    }

    /** As {@link #store}, for bytes: their length, then the bytes in words (the last one padded with zeros). */
    public void storeBytes(String kind, ContentKey key, byte[] bytes) {
        ByteBuffer words = ByteBuffer.allocate((bytes.length + Integer.BYTES - 1) / Integer.BYTES * Integer.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN).put(bytes).rewind();
        int[] packed = new int[words.capacity() / Integer.BYTES];
        words.asIntBuffer().get(packed);
        store(kind, key, new int[] {bytes.length}, packed);
    }

    /**
     * Whether the directory exists, is owned by this process's user and is writable by no one else; a note says why
     * not. The process's user is the owner of {@code /proc/self}.
     */
    private boolean trusted() {
        String whyNot;
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
            if (!Files.getAttribute(dir, "unix:uid").equals(Files.getAttribute(PROCESS, "unix:uid"))) {
                whyNot = "is owned by another user";
            } else if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                whyNot = "may be written by other users (chmod go-w it)";
            } else {
                return true;
            }
        } catch (NoSuchFileException e) {
            return false; // nothing stored yet
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            whyNot = "cannot be checked (" + e + ")";
        }
        notes.add("%s %s: not used".formatted(dir, whyNot));
        return false;
    }

    private static byte[] encode(ContentKey key, int[][] arrays) {
        int words = HEADER_WORDS + arrays.length + 1;
        for (int[] array : arrays) {
            words += array.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(words * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(MAGIC).putInt(FORMAT).putLong(key.length()).putInt(key.crc()).putInt(arrays.length);
        for (int[] array : arrays) {
            buffer.putInt(array.length);
        }
        for (int[] array : arrays) {
            buffer.asIntBuffer().put(array);
            buffer.position(buffer.position() + array.length * Integer.BYTES);
        }
        buffer.putInt(checksum(buffer.array(), buffer.position()));
        return buffer.array();
    }

    /** The arrays in {@code bytes}, or null unless they are a whole index of {@code key} with {@code arrays} arrays. */
    private static int[][] decode(byte[] bytes, ContentKey key, int arrays) {
        int words = bytes.length / Integer.BYTES;
        if (bytes.length % Integer.BYTES != 0 || words < HEADER_WORDS + arrays + 1
                || checksum(bytes, bytes.length - Integer.BYTES) != intAt(bytes, words - 1)) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (buffer.getInt() != MAGIC || buffer.getInt() != FORMAT || buffer.getLong() != key.length()
                || buffer.getInt() != key.crc() || buffer.getInt() != arrays) {
            return null;
        }
        // The lengths are checked against the file's size before any array is made for them.
        long total = HEADER_WORDS + arrays + 1;
        for (int i = 0; i < arrays; i++) {
            total += Integer.toUnsignedLong(buffer.getInt(buffer.position() + i * Integer.BYTES));
        }
        if (total != words) {
            return null;
        }
        int[][] loaded = new int[arrays][];
        for (int i = 0; i < arrays; i++) {
            loaded[i] = new int[buffer.getInt()];
        }
        for (int[] array : loaded) {
            buffer.asIntBuffer().get(array);
            buffer.position(buffer.position() + array.length * Integer.BYTES);
        }
        return loaded;
    }

    private static int checksum(byte[] bytes, int length) {
        var crc = new CRC32(); // zlib's native code, as ContentKey says
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    private static int intAt(byte[] bytes, int word) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(word * Integer.BYTES);
    }

    /** Deletes all but the newest {@link #KEPT_PER_KIND} indexes of {@code kind}. */
    private void pruneOlder(String kind) throws IOException {
        List<Path> indexes;
        try (Stream<Path> files = Files.list(dir)) {
            indexes = new ArrayList<>(files.filter(file -> isIndexOf(kind, file)).toList());
        }
        if (indexes.size() <= KEPT_PER_KIND) {
            return;
        }
        indexes.sort(Comparator.comparing(IndexCache::modified).reversed());
        indexes.subList(KEPT_PER_KIND, indexes.size()).forEach(this::deleteQuietly);
    }

    /** Whether {@code file} is an index of {@code kind} (not of a kind whose name goes on: btf-x, btf-x-y). */
    private static boolean isIndexOf(String kind, Path file) {
        return file.getFileName().toString().matches(Pattern.quote(kind) + "-[0-9]+-[0-9a-f]{8}\\.idx");
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            notes.add("cannot delete %s (%s)".formatted(file, e));
        }
    }
}
