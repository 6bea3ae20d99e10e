package dev.vista.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cache directory that another user owns is not used: changing a directory's owner needs root. */
@Tag("root")
class IndexCacheOwnerRootTest {
    private static final ContentKey KEY = ContentKey.of(new byte[] {1, 2, 3});

    @TempDir
    Path dir;

    @Test
    void aDirectoryAnotherUserOwnsIsNeitherReadNorWritten() throws IOException {
        IndexCache cache = IndexCache.in(dir);
        cache.store("kind", KEY, new int[] {1});
        assertThat(cache.load("kind", KEY, 1)).as("ours").isNotNull();
        cache.takeNotes();

        Files.setAttribute(dir, "unix:uid", 65534); // nobody
        try {
            assertThat(cache.load("kind", KEY, 1)).isNull();
            cache.store("other-kind", KEY, new int[] {1});
            assertThat(cache.takeNotes()).hasSize(2)
                    .allMatch(note -> note.equals(dir + " is owned by another user: not used"));
            assertThat(dir.resolve(KEY.fileName("other-kind"))).doesNotExist();
        } finally {
            Files.setAttribute(dir, "unix:uid", 0);
        }
    }
}
