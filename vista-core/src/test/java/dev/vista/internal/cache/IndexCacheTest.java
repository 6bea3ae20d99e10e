package dev.vista.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexCacheTest {
    private static final ContentKey KEY = ContentKey.of("some kernel file".getBytes(StandardCharsets.US_ASCII));

    @TempDir
    Path dir;

    @Test
    void givesBackWhatWasStoredForTheSameContent() {
        IndexCache cache = IndexCache.in(dir.resolve("made/on/first/store"));
        cache.store("kind", KEY, new int[] {1, 2, 3}, new int[0], new int[] {-7});

        int[][] loaded = IndexCache.in(dir.resolve("made/on/first/store")).load("kind", KEY, 3);

        assertThat(loaded).isDeepEqualTo(new int[][] {{1, 2, 3}, {}, {-7}});
    }

    @Test
    void givesBackBytesOfAnyLength() {
        IndexCache cache = IndexCache.in(dir);
        for (int length = 0; length <= 9; length++) {
            byte[] bytes = new byte[length];
            Arrays.fill(bytes, (byte) (0x80 + length));
            cache.storeBytes("bytes-" + length, KEY, bytes);

            assertThat(cache.loadBytes("bytes-" + length, KEY)).as("%s bytes", length).isEqualTo(bytes);
        }
        cache.store("ints", KEY, new int[] {400}, new int[] {1}); // longer than its words hold
        assertThat(cache.loadBytes("ints", KEY)).isNull();
    }

    @Test
    void keepsItsDirectoryToItsOwner() throws IOException {
        IndexCache.in(dir.resolve("cache")).store("kind", KEY, new int[] {1});

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("cache"))))
                .isEqualTo("rwx------");
    }

    @Test
    void hasNothingForOtherContentAnotherKindOrAnotherShape() {
        IndexCache cache = IndexCache.in(dir);
        cache.store("kind", KEY, new int[] {1}, new int[] {2});

        assertThat(cache.load("kind", ContentKey.of("other content".getBytes(StandardCharsets.US_ASCII)), 2)).isNull();
        assertThat(cache.load("other-kind", KEY, 2)).isNull();
        assertThat(cache.load("kind", KEY, 3)).as("another number of arrays").isNull();
        assertThat(cache.load("kind", KEY, 2)).isNotNull();
    }

    @Test
    void aDamagedOrTruncatedFileIsNotUsedAndSaysSo() throws IOException {
        IndexCache cache = IndexCache.in(dir);
        cache.store("kind", KEY, new int[] {1, 2, 3, 4});
        Path file = onlyFile();
        byte[] bytes = Files.readAllBytes(file);
        cache.takeNotes();

        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        assertThat(cache.load("kind", KEY, 1)).as("one bit flipped").isNull();
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 8));
        assertThat(cache.load("kind", KEY, 1)).as("truncated").isNull();

        assertThat(cache.takeNotes()).hasSize(2).allMatch(note -> note.contains("is not a whole index"));
    }

    @Test
    void aDirectoryThatCannotBeMadeIsUsedForNothingAndSaysWhy() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("a-file"), "x");
        IndexCache cache = IndexCache.in(notADirectory.resolve("cache"));

        cache.store("kind", KEY, new int[] {1});

        assertThat(cache.load("kind", KEY, 1)).isNull();
        assertThat(cache.takeNotes()).first().asString().startsWith("cannot write").contains("a-file");
        assertThat(cache.takeNotes()).as("taken").isEmpty();
    }

    @Test
    void aDirectoryOthersMayWriteIsNeitherReadNorWritten() throws IOException {
        IndexCache cache = IndexCache.in(dir);
        cache.store("kind", KEY, new int[] {1});
        cache.takeNotes();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThat(cache.load("kind", KEY, 1)).isNull();
        cache.store("other-kind", KEY, new int[] {1});

        assertThat(cache.takeNotes()).hasSize(2).allMatch(note -> note.equals(dir + " may be written by other users "
                + "(chmod go-w it): not used"));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(cache.load("kind", KEY, 1)).as("trusted again").isNotNull();
    }

    @Test
    void keepsTheNewestIndexesOfAKindOnly() throws IOException {
        IndexCache cache = IndexCache.in(dir);
        cache.store("btf-args-sk_buff-5", KEY, new int[] {1}); // a kind whose name goes on from "btf"'s
        for (int i = 0; i < IndexCache.KEPT_PER_KIND + 2; i++) {
            ContentKey key = ContentKey.of(new byte[] {(byte) i});
            cache.store("btf", key, new int[] {i});
            Files.setLastModifiedTime(dir.resolve(key.fileName("btf")), FileTime.fromMillis(1_000_000L * (i + 1)));
        }

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .hasSize(IndexCache.KEPT_PER_KIND + 1)
                    .contains(KEY.fileName("btf-args-sk_buff-5"))
                    .doesNotContain(ContentKey.of(new byte[] {0}).fileName("btf"),
                            ContentKey.of(new byte[] {1}).fileName("btf"))
                    .noneMatch(name -> name.endsWith(".partial"));
        }
    }

    @Test
    void noCacheStoresNothingAndHasNothing() {
        IndexCache.NONE.store("kind", KEY, new int[] {1});

        assertThat(IndexCache.NONE.load("kind", KEY, 1)).isNull();
        assertThat(IndexCache.NONE.takeNotes()).isEmpty();
    }

    @Test
    void keysDifferWithTheContentAndWithTheBase() {
        ContentKey module = ContentKey.of(new byte[] {1, 2, 3});

        assertThat(ContentKey.of(new byte[] {1, 2, 3})).isEqualTo(module);
        assertThat(ContentKey.of(new byte[] {1, 2, 4})).isNotEqualTo(module);
        assertThat(module.onTopOf(KEY)).isNotEqualTo(module.onTopOf(ContentKey.of(new byte[] {9})));
        assertThat(module.onTopOf(KEY)).isEqualTo(ContentKey.of(new byte[] {1, 2, 3}).onTopOf(KEY));
    }

    private Path onlyFile() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.findFirst().orElseThrow();
        }
    }
}
